package io.iotgw.piclient.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotgw.gateway.e2e.GatewayProcess;
import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.MqttSubscriber;
import io.iotgw.gateway.e2e.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both device clients — the firmware's host build and the Pi client's jar — through the packaged
 * gateway with {@code --ha-discovery} into a real Mosquitto, read as Home Assistant would: each
 * numeric field of each device gets exactly one retained sensor config, the configs come again after
 * Home Assistant's birth message, availability follows each device's connection, and the {@code up}
 * envelope carries the fields the configs' templates read.
 */
class HomeAssistantIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final String GW = "gw-ha";
    private static final String FIRMWARE = "esp-ha";
    private static final String PI = "pi-ha";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path firmwareBinary;
    private Path piJar;
    private MosquittoProcess broker;
    private MqttSubscriber monitor;
    private GatewayProcess gateway;
    private final List<Process> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        firmwareBinary = Requirements.firmwareHostBuild();
        piJar = Path.of(System.getProperty("iotgw.piclient.jar", "target/pi-client.jar"));
        Requirements.require(Files.isRegularFile(piJar), "the Pi client's jar (" + piJar + ")", "mvn package");
        broker = MosquittoProcess.start(dir);
        monitor = new MqttSubscriber(broker.uri(), "#");
        int port = MosquittoProcess.freePort();
        gateway = GatewayProcess.start(JAVA, Map.of(), "--port", String.valueOf(port), "--mqtt", broker.uri(),
                "--gateway-id", GW, "--spool-dir", dir.resolve("spool").toString(), "--ha-discovery");
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("broker connected")));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : devices) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        gateway.close();
        monitor.close();
        broker.close();
    }

    private Process firmware() throws IOException {
        return device(List.of(firmwareBinary.toString(), "--gateway", "127.0.0.1:" + gateway.port(), "--id", FIRMWARE,
                "--interval-ms", "300"), "firmware");
    }

    private Process piClient() throws IOException {
        return device(List.of(JAVA.toString(), "-jar", piJar.toString(), "--gateway", "127.0.0.1:" + gateway.port(),
                "--id", PI, "--interval-s", "1"), "pi-client");
    }

    private Process device(List<String> command, String name) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + "-" + devices.size() + ".out").toFile());
        builder.environment().put("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0");
        Process p = builder.start();
        devices.add(p);
        return p;
    }

    private static String sensorTopic(String device, String key) {
        return "homeassistant/sensor/" + GW + "/" + device + "_" + key + "/config";
    }

    /** Per device, the keys whose value was a JSON number in some envelope of its up topic. */
    private Map<String, Set<String>> numericFields() {
        Map<String, Set<String>> keys = new HashMap<>();
        for (String device : List.of(FIRMWARE, PI)) {
            Set<String> numeric = new HashSet<>();
            for (MqttSubscriber.Message m : monitor.on("iotgw/" + GW + "/" + device + "/up")) {
                for (Iterator<Map.Entry<String, JsonNode>> it = m.json().path("fields").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (field.getValue().isNumber()) {
                        numeric.add(field.getKey());
                    }
                }
            }
            keys.put(device, numeric);
        }
        return keys;
    }

    private long published(String topic) {
        return monitor.on(topic).stream().filter(m -> !m.payload().isEmpty()).count();
    }

    private String state(String device) {
        List<MqttSubscriber.Message> statuses = monitor.on("iotgw/" + GW + "/" + device + "/status");
        return statuses.isEmpty() ? "" : statuses.get(statuses.size() - 1).json().path("state").asText();
    }

    @Test
    void eachNumericFieldGetsOneRetainedConfig_againAfterTheBirthMessage_andAvailabilityFollowsTheConnection()
            throws Exception {
        firmware();
        Process pi = piClient();
        await().atMost(WAIT).until(() -> monitor.on("iotgw/" + GW + "/" + FIRMWARE + "/up").size() >= 5
                && monitor.on("iotgw/" + GW + "/" + PI + "/up").size() >= 3);

        JsonNode reading = monitor.on("iotgw/" + GW + "/" + FIRMWARE + "/up").get(2).json();
        assertThat(reading.path("fields").path("n").isNumber()).as("fields in %s", reading).isTrue();
        assertThat(reading.path("payload").asText()).startsWith("n=" + reading.path("fields").path("n").asLong() + " ");
        Map<String, Set<String>> numeric = numericFields();
        assertThat(numeric.get(FIRMWARE)).contains("n", "uptime_ms", "heap", "rssi");
        assertThat(numeric.get(PI)).contains("n", "uptime_s").doesNotContain("link");
        JsonNode piReading = monitor.on("iotgw/" + GW + "/" + PI + "/up").get(1).json();
        assertThat(piReading.path("fields").path("link").isTextual()).as("a text field: %s", piReading).isTrue();

        // What a Home Assistant starting now reads: one retained config per numeric field, nothing else for the devices.
        try (MqttSubscriber ha = new MqttSubscriber(broker.uri(), "homeassistant/sensor/" + GW + "/+/config")) {
            Set<String> expected = new HashSet<>();
            numeric.forEach((device, keys) -> keys.forEach(key -> expected.add(sensorTopic(device, key))));
            await().atMost(WAIT).until(() -> ha.messages().stream().filter(MqttSubscriber.Message::retained)
                    .map(MqttSubscriber.Message::topic).filter(t -> !t.endsWith("_connection/config")).toList()
                    .containsAll(expected));
            List<MqttSubscriber.Message> configs = ha.messages().stream().filter(m -> expected.contains(m.topic())).toList();
            assertThat(configs).hasSize(expected.size());
            for (MqttSubscriber.Message config : configs) {
                JsonNode c = config.json();
                String device = config.topic().contains("/" + FIRMWARE + "_") ? FIRMWARE : PI;
                String key = config.topic().substring(config.topic().indexOf(device + "_") + device.length() + 1,
                        config.topic().length() - "/config".length());
                assertThat(c.path("unique_id").asText()).isNotBlank().contains(device).endsWith(":" + key);
                assertThat(c.path("state_topic").asText()).isEqualTo("iotgw/" + GW + "/" + device + "/up");
                assertThat(c.path("value_template").asText()).contains("fields['" + key + "']");
                assertThat(c.path("availability").toString()).contains("iotgw/" + GW + "/" + device + "/status");
                assertThat(c.path("device").path("identifiers").size()).isEqualTo(1);
                assertThat(c.path("device").path("name").asText()).isEqualTo(device);
                assertThat(c.path("device").path("via_device").asText()).isNotBlank();
            }
        }
        for (String device : List.of(FIRMWARE, PI)) {
            for (String key : numeric.get(device)) {
                assertThat(published(sensorTopic(device, key))).as("configs of %s %s", device, key).isEqualTo(1);
            }
        }

        monitor.publish("homeassistant/status", "online"); // Home Assistant restarted
        await().atMost(WAIT).until(() -> numeric.entrySet().stream().allMatch(e -> e.getValue().stream()
                .allMatch(key -> published(sensorTopic(e.getKey(), key)) == 2)));

        assertThat(state(PI)).isEqualTo("online");
        pi.destroy();
        assertThat(pi.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(WAIT).until(() -> state(PI).equals("offline"));
        assertThat(state(FIRMWARE)).isEqualTo("online");
        piClient();
        await().atMost(WAIT).until(() -> state(PI).equals("online"));
        assertThat(published(sensorTopic(PI, "n"))).as("a device coming back is no reason to announce again").isEqualTo(2);
    }
}
