package io.iotgw.piclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.iotgw.piclient.gpio.MockGpio;
import io.iotgw.piclient.link.Backoff;
import io.iotgw.piclient.link.GatewayLink;
import io.iotgw.piclient.link.InterfacePicker;
import io.iotgw.piclient.telemetry.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on Pi4J's mock platform, talking to a real echo server. */
class ServiceModeTest {

    @TempDir
    Path root;

    private final Context pi4j = MockGpio.context();
    private final List<String> echoed = new CopyOnWriteArrayList<>();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private ServiceMode service(int port) throws Exception {
        Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone0"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("sys/class/thermal/thermal_zone0/temp"), "48732\n");
        Files.writeString(root.resolve("proc/loadavg"), "0.12 0.08 0.01 1/123 4567\n");
        Files.writeString(root.resolve("proc/uptime"), "86400.55 170000.00\n");
        GatewayLink.Settings settings = new GatewayLink.Settings("127.0.0.1", port, "pi-test", Duration.ofSeconds(2),
                Duration.ofSeconds(5), 100);
        ServiceMode[] service = new ServiceMode[1];
        service[0] = new ServiceMode(listener -> new GatewayLink(settings,
                new InterfacePicker(new FakeInterfaces(), List.of()),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), b -> 0), new GatewayLink.Listener() {
                    @Override
                    public void onEcho(String line) {
                        echoed.add(line);
                        listener.onEcho(line);
                    }

                    @Override
                    public void onDownlink(String line) {
                        listener.onDownlink(line);
                    }
                }), new Telemetry(root, () -> service[0].link().interfaceInUse()));
        service[0].attach(Optional.of(pi4j), 17, 27);
        return service[0];
    }

    private DigitalOutput led() {
        return pi4j.registry().get("led-27");
    }

    @Test
    void telemetryLine_isSent_andItsEchoFlashesTheLed() throws Exception {
        try (EchoServer server = new EchoServer(); ServiceMode service = service(server.port())) {
            assertThat(led().state()).isEqualTo(DigitalState.LOW);
            List<DigitalState> ledChanges = new CopyOnWriteArrayList<>();
            led().addListener(e -> ledChanges.add(e.state()));
            service.start(Duration.ofHours(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> !echoed.isEmpty());
            // taken at start, racing the link: "none" until it is up
            assertThat(echoed.get(0)).matches("cpu_temp_c=48\\.7 load1=0\\.12 uptime_s=86400 link=(none|default route)");
            await().atMost(Duration.ofSeconds(5)).until(() -> ledChanges.size() == 2);
            assertThat(ledChanges).as("a flash: on, then back to its steady off").containsExactly(DigitalState.HIGH, DigitalState.LOW);
        }
    }

    @Test
    void buttonPress_sendsOneLine_evenForABurst() throws Exception {
        try (EchoServer server = new EchoServer(); ServiceMode service = service(server.port())) {
            service.start(Duration.ofHours(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> echoed.size() == 1);
            MockDigitalInput button = pi4j.registry().get("button-17");
            button.mockState(DigitalState.HIGH); // at rest, held up
            for (int i = 0; i < 5; i++) { // within the 50 ms debounce on the real clock: one press
                button.mockState(DigitalState.LOW);
                button.mockState(DigitalState.HIGH);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> echoed.contains("button pressed=1"));
            assertThat(echoed).doesNotContain("button pressed=2");
        }
    }

    @Test
    void downlinks_switchTheLed_andAreAnswered() throws Exception {
        try (EchoServer server = new EchoServer(); ServiceMode service = service(server.port())) {
            service.start(Duration.ofHours(1));
            service.onDownlink("led on");
            assertThat(led().state()).isEqualTo(DigitalState.HIGH);
            await().atMost(Duration.ofSeconds(10)).until(() -> echoed.contains("ack led on"));
            await().atMost(Duration.ofSeconds(5)).until(() -> led().state() == DigitalState.HIGH); // after the flash
            service.onDownlink("led off");
            assertThat(led().state()).isEqualTo(DigitalState.LOW);
            service.onDownlink("something else");
            assertThat(service.link().mismatches()).isEqualTo(1);
        }
    }
}
