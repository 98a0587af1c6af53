package io.iotgw.piclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.iotgw.piclient.gpio.MockGpio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on Pi4J's mock platform, talking to a real echo server. */
class ServiceModeTest {

    @TempDir
    Path root;

    private final Context pi4j = MockGpio.context();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private ServiceHarness service(int port) throws Exception {
        Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone0"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("sys/class/thermal/thermal_zone0/temp"), "48732\n");
        Files.writeString(root.resolve("proc/loadavg"), "0.12 0.08 0.01 1/123 4567\n");
        Files.writeString(root.resolve("proc/uptime"), "86400.55 170000.00\n");
        return new ServiceHarness(port, "pi-test", root, pi4j);
    }

    private DigitalOutput led() {
        return pi4j.registry().get("led-27");
    }

    @Test
    void telemetryLine_isSent_andItsEchoFlashesTheLed() throws Exception {
        try (EchoServer server = new EchoServer(); ServiceHarness service = service(server.port())) {
            assertThat(led().state()).isEqualTo(DigitalState.LOW);
            List<DigitalState> ledChanges = new CopyOnWriteArrayList<>();
            led().addListener(e -> ledChanges.add(e.state()));
            service.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> !service.echoed.isEmpty());
            // taken at start, racing the link: "none" until it is up
            assertThat(service.echoed.get(0)).matches("n=1 cpu_temp_c=48\\.7 load1=0\\.12 uptime_s=86400 link=(none|default_route)");
            await().atMost(Duration.ofSeconds(5)).until(() -> ledChanges.size() == 2);
            assertThat(ledChanges).as("a flash: on, then back to its steady off").containsExactly(DigitalState.HIGH, DigitalState.LOW);
        }
    }

    @Test
    void buttonPress_sendsOneLine_evenForABurst() throws Exception {
        try (EchoServer server = new EchoServer(); ServiceHarness service = service(server.port())) {
            service.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> service.echoed.size() == 1);
            MockDigitalInput button = pi4j.registry().get("button-17");
            button.mockState(DigitalState.HIGH); // at rest, held up
            for (int i = 0; i < 5; i++) { // within the 50 ms debounce on the real clock: one press
                button.mockState(DigitalState.LOW);
                button.mockState(DigitalState.HIGH);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> service.echoed.contains("button pressed=1"));
            assertThat(service.echoed).doesNotContain("button pressed=2");
        }
    }

    @Test
    void downlinks_switchTheLed_andAreAnswered() throws Exception {
        try (EchoServer server = new EchoServer(); ServiceHarness service = service(server.port())) {
            service.start();
            assertThat(service.service.onDownlink("led on")).isTrue();
            assertThat(led().state()).isEqualTo(DigitalState.HIGH);
            await().atMost(Duration.ofSeconds(10)).until(() -> service.echoed.contains("ack led on"));
            await().atMost(Duration.ofSeconds(5)).until(() -> led().state() == DigitalState.HIGH); // after the flash
            service.service.onDownlink("led off");
            assertThat(led().state()).isEqualTo(DigitalState.LOW);
            assertThat(service.service.onDownlink("something else")).as("not understood: the link counts it").isFalse();
        }
    }
}
