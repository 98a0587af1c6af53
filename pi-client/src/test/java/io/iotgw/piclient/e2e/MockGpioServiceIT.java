package io.iotgw.piclient.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import io.iotgw.gateway.e2e.GatewayProcess;
import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.MqttSubscriber;
import io.iotgw.gateway.e2e.Requirements;
import io.iotgw.piclient.ServiceHarness;
import io.iotgw.piclient.gpio.MockGpio;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on Pi4J's mock platform against the real gateway, bridged into a real broker. */
class MockGpioServiceIT {

    @TempDir
    Path dir;

    @Test
    void buttonBurst_isOneLineAtTheGateway_andTheGatewaysEchoTogglesTheLed() throws Exception {
        Context pi4j = MockGpio.context();
        try (MosquittoProcess broker = MosquittoProcess.start(dir);
             MqttSubscriber monitor = new MqttSubscriber(broker.uri(), "iotgw/gw-gpio/pi-mock/#");
             GatewayProcess gateway = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", "0", "--mqtt",
                     broker.uri(), "--gateway-id", "gw-gpio", "--spool-dir", dir.resolve("spool").toString())) {
            try (ServiceHarness running = new ServiceHarness(gateway.port(), "pi-mock", dir, pi4j)) {
                DigitalOutput led = pi4j.registry().get("led-27");
                List<DigitalState> ledChanges = new CopyOnWriteArrayList<>();
                led.addListener(e -> ledChanges.add(e.state()));
                running.start(); // one telemetry line now, none after
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(running.link.echoes())
                        .as("echoes; queued %d, mismatches %d, gateway: %s", running.outbox.size(),
                                running.link.mismatches(), gateway.output()).isEqualTo(1));
                await().atMost(Duration.ofSeconds(5)).until(() -> ledChanges.size() == 2);
                assertThat(ledChanges).as("the telemetry line's echo flashed the LED")
                        .containsExactly(DigitalState.HIGH, DigitalState.LOW);

                MockDigitalInput button = pi4j.registry().get("button-17");
                button.mockState(DigitalState.HIGH);
                for (int i = 0; i < 5; i++) { // a bouncing press: within the debounce time
                    button.mockState(DigitalState.LOW);
                    button.mockState(DigitalState.HIGH);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> running.link.echoes() == 2);
                await().atMost(Duration.ofSeconds(30)).until(() -> presses(monitor) == 1);

                monitor.publish("iotgw/gw-gpio/pi-mock/down", "led on");
                await().atMost(Duration.ofSeconds(30)).until(() -> monitor.on("iotgw/gw-gpio/pi-mock/up").stream()
                        .anyMatch(m -> m.payload().contains("\"payload\":\"ack led on\"")));
                await().atMost(Duration.ofSeconds(30)).until(() -> running.link.echoes() == 3);
                await().atMost(Duration.ofSeconds(5)).until(() -> led.state() == DigitalState.HIGH); // steady on
                assertThat(presses(monitor)).as("still one line for the whole burst").isEqualTo(1);
            }
        } finally {
            pi4j.shutdown();
        }
    }

    private static long presses(MqttSubscriber monitor) {
        return monitor.on("iotgw/gw-gpio/pi-mock/up").stream().filter(m -> m.payload().contains("button pressed=")).count();
    }
}
