package io.iotgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.e2e.EchoClient;
import io.iotgw.gateway.e2e.GatewayProcess;
import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.MqttSubscriber;
import io.iotgw.gateway.e2e.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttSecurityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker sample in deploy/mosquitto, installed as its comments say into a stock Debian / Raspberry Pi OS
 * Mosquitto (the package's own mosquitto.conf, conf.d beside it), with the real gateway publishing into it.
 */
class MosquittoSampleIT {

    private static final Path SAMPLE = Path.of(System.getProperty("iotgw.deploy.dir", "."), "mosquitto");
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** Plays the Pi's root directory for the broker; the broker's user must be able to enter it. */
    @TempDir
    Path brokerRoot;

    @Test
    @SuppressWarnings("try") // GatewayProcess.close() may be interrupted, as the e2e helpers allow
    void sampleInDebiansConfD_startsTheBroker_andItsUsersMayDoWhatTheAclSays() throws Exception {
        try (DebianMosquitto broker = DebianMosquitto.layOut(brokerRoot)) {
            int port = MosquittoProcess.freePort();
            String uri = "tcp://127.0.0.1:" + port;
            install(broker, port);
            broker.start(port);

            assertThatThrownBy(() -> new MqttSubscriber(uri, "iotgw/#")).as("anonymous")
                    .isInstanceOf(MqttSecurityException.class);
            assertThatThrownBy(() -> new MqttSubscriber(uri, "iotgw/#", "monitor", "wrong"))
                    .isInstanceOf(MqttSecurityException.class);

            Path password = Files.writeString(dir.resolve("mqtt-password"), "gateway-secret\n");
            try (MqttSubscriber monitor = new MqttSubscriber(uri, "iotgw/#", "monitor", "monitor-secret");
                 GatewayProcess gateway = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", "0",
                         "--mqtt", uri, "--gateway-id", "pi-test", "--mqtt-username", "iot-gateway",
                         "--mqtt-password-file", password.toString(), "--spool-dir", dir.resolve("spool").toString());
                 EchoClient device = new EchoClient(gateway.port())) {
                String up = "iotgw/pi-test/esp32-01/up";
                String down = "iotgw/pi-test/esp32-01/down";
                device.roundTrip("HELLO esp32-01\n");
                device.roundTrip("temp=21.5\n");
                await("the gateway's line at the monitor").atMost(DELIVERY).untilAsserted(() ->
                        assertThat(payloads(monitor, up)).singleElement().asString().contains("\"payload\":\"temp=21.5\""));
                assertThat(monitor.on("iotgw/pi-test/status")).as("the gateway's presence").isNotEmpty();

                monitor.publish(down, "led on");
                assertThat(device.readText("led on\n".length())).as("the monitor's downlink").isEqualTo("led on\n");

                // Denied publishes are dropped silently (MQTT 3.1.1), so a permitted one follows the forgery:
                // the broker handles one client's publishes in order, so once it arrived the forgery had its chance.
                monitor.publish(up, "forged reading");
                monitor.publish(down, "after the forgery");
                assertThat(device.readText("after the forgery\n".length())).isEqualTo("after the forgery\n");
                await().atMost(DELIVERY).until(() -> payloads(monitor, down).contains("after the forgery"));
                assertThat(payloads(monitor, up)).as("the monitor may not write device lines").hasSize(1)
                        .noneMatch(m -> m.contains("forged"));
            }
            assertThat(broker.log()).doesNotContain("Error", "Warning");
        }
    }

    /** Installs the sample as its comments say, on {@code port} instead of 1883. */
    private static void install(DebianMosquitto broker, int port) throws Exception {
        String conf = Files.readString(SAMPLE.resolve("iot-gateway.conf"));
        assertThat(conf).as("the sample's port").containsPattern("(?m)^listener 1883$");
        Files.writeString(broker.path("/etc/mosquitto/conf.d/iot-gateway.conf"),
                broker.repoint(conf.replaceFirst("(?m)^listener 1883$", "listener " + port)));
        Path acl = Files.copy(SAMPLE.resolve("iot-gateway.acl"), broker.path("/etc/mosquitto/iot-gateway.acl"));
        Path passwd = broker.path("/etc/mosquitto/iot-gateway.passwd");
        mosquittoPasswd("-c", "-b", passwd.toString(), "iot-gateway", "gateway-secret");
        mosquittoPasswd("-b", passwd.toString(), "monitor", "monitor-secret");
        broker.restrictToBroker(passwd);
        broker.restrictToBroker(acl);
    }

    private static void mosquittoPasswd(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "mosquitto_passwd";
        System.arraycopy(args, 0, command, 1, args.length);
        Commands made = Commands.run(command);
        assertThat(made.exitCode()).as(made.output()).isZero();
    }

    private static List<String> payloads(MqttSubscriber monitor, String topic) {
        return monitor.on(topic).stream().map(MqttSubscriber.Message::payload).toList();
    }
}
