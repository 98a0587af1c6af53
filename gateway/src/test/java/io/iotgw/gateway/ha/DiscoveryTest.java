package io.iotgw.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotgw.gateway.config.HaConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static final String REMOTE = "192.168.1.20:53122";
    private final ObjectMapper json = new ObjectMapper();
    private Discovery discovery = discovery(SensorTable.BUILT_IN, "0.1.0");

    private static Discovery discovery(SensorTable sensors, String version) {
        return new Discovery(new HaConfig("homeassistant", sensors), "iotgw", "pi-kitchen", version);
    }

    private List<Announcement> fields(String device, String... keys) {
        return discovery.onFields(device, REMOTE, List.of(keys));
    }

    private JsonNode payload(Announcement a) throws Exception {
        return json.readTree(a.payload());
    }

    private static List<String> topics(List<Announcement> announcements) {
        return announcements.stream().map(Announcement::topic).toList();
    }

    @Test
    void onFields_firstNumericField_isOneRetainedSensorConfig() throws Exception {
        List<Announcement> out = fields("esp32-01", "temp");
        assertThat(out).hasSize(1);
        Announcement a = out.get(0);
        assertThat(a.topic()).isEqualTo("homeassistant/sensor/pi-kitchen/esp32-01_temp/config");
        assertThat(a.retained()).isTrue();
        JsonNode c = payload(a);
        assertThat(c.get("unique_id").asText()).isEqualTo("iotgw:pi-kitchen:esp32-01:temp");
        assertThat(c.get("state_topic").asText()).isEqualTo("iotgw/pi-kitchen/esp32-01/up");
        assertThat(c.get("value_template").asText()).contains("value_json.fields['temp']");
        assertThat(c.get("unit_of_measurement").asText()).isEqualTo("°C");
        assertThat(c.get("device_class").asText()).isEqualTo("temperature");
        assertThat(c.get("availability_mode").asText()).isEqualTo("all");
        assertThat(c.get("availability").findValuesAsText("topic"))
                .containsExactly("iotgw/pi-kitchen/esp32-01/status", "iotgw/pi-kitchen/status");
        assertThat(c.get("device").get("identifiers").get(0).asText()).isEqualTo("iotgw:pi-kitchen:esp32-01");
        assertThat(c.get("device").get("name").asText()).isEqualTo("esp32-01");
        assertThat(c.get("device").get("via_device").asText())
                .isEqualTo(payload(discovery.gateway()).get("device").get("identifiers").get(0).asText());
    }

    @Test
    void onFields_sameFieldsAgain_announceNothing() {
        fields("esp32-01", "temp", "rssi");
        assertThat(fields("esp32-01", "temp", "rssi")).isEmpty();
        assertThat(fields("esp32-01", "rssi")).isEmpty();
    }

    @Test
    void onFields_newFieldOnALaterLine_isAnnouncedAlone() {
        fields("esp32-01", "temp");
        assertThat(topics(fields("esp32-01", "temp", "heap"))).containsExactly(
                "homeassistant/sensor/pi-kitchen/esp32-01_heap/config");
    }

    @Test
    void onFields_sameKeyOnAnotherDevice_isAnotherSensor() {
        fields("esp32-01", "temp");
        assertThat(topics(fields("esp32-02", "temp"))).containsExactly("homeassistant/sensor/pi-kitchen/esp32-02_temp/config");
    }

    @Test
    void onFields_unknownKey_isAPlainMeasurement() throws Exception {
        JsonNode c = payload(fields("esp32-01", "sensor").get(0));
        assertThat(c.get("state_class").asText()).isEqualTo("measurement");
        assertThat(c.has("unit_of_measurement")).isFalse();
        assertThat(c.has("device_class")).isFalse();
    }

    @Test
    void onFields_deviceCounters_areDiagnosticTotals() throws Exception {
        JsonNode c = payload(fields("esp32-01", "dropped").get(0));
        assertThat(c.get("state_class").asText()).isEqualTo("total_increasing");
        assertThat(c.get("entity_category").asText()).isEqualTo("diagnostic");
    }

    @Test
    void onFields_deviceNamedAfterItsAddress_isNotAnnounced() {
        assertThat(discovery.onFields("192.168.1.20-53122", "192.168.1.20:53122", List.of("temp"))).isEmpty();
        assertThat(discovery.onFields("0:0:0:0:0:0:0:1-5000", "[0:0:0:0:0:0:0:1]:5000", List.of("temp"))).isEmpty();
        assertThat(discovery.all()).hasSize(1);
        assertThat(discovery.onFields("192.168.1.20-53122", "192.168.1.20:40000", List.of("temp")))
                .as("a HELLO name that only looks like an address").hasSize(1);
    }

    @Test
    void onFields_keyLeftOutOrMapped_followsHaSensors() throws Exception {
        discovery = discovery(SensorTable.parse("n=-;water=temperature;soil=%,moisture"), "0.1.0");
        List<Announcement> out = fields("esp32-01", "n", "water", "soil");
        assertThat(topics(out)).containsExactly("homeassistant/sensor/pi-kitchen/esp32-01_water/config",
                "homeassistant/sensor/pi-kitchen/esp32-01_soil/config");
        assertThat(payload(out.get(0)).get("device_class").asText()).isEqualTo("temperature");
        assertThat(payload(out.get(1)).get("device_class").asText()).isEqualTo("moisture");
        assertThat(fields("esp32-01", "n", "water")).isEmpty();
    }

    @Test
    void onFields_deviceFloodingKeys_getsAtMost64SensorsAndTheRestIsCounted() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < Discovery.MAX_KEYS_PER_DEVICE + 10; i++) {
            keys.add("k" + i);
        }
        assertThat(discovery.onFields("esp32-01", REMOTE, keys)).hasSize(Discovery.MAX_KEYS_PER_DEVICE);
        assertThat(discovery.keysRefused()).isEqualTo(10);
        assertThat(fields("esp32-02", "temp")).as("other devices are not held back").hasSize(1);
    }

    @Test
    void all_afterReconnectOrBirth_isTheGatewayFirstThenEverySensor() {
        fields("esp32-01", "temp", "rssi");
        fields("pi-2", "load1");
        List<Announcement> all = discovery.all();
        assertThat(all.get(0).topic()).isEqualTo("homeassistant/binary_sensor/pi-kitchen/connection/config");
        assertThat(topics(all)).containsExactlyInAnyOrder("homeassistant/binary_sensor/pi-kitchen/connection/config",
                "homeassistant/sensor/pi-kitchen/esp32-01_temp/config", "homeassistant/sensor/pi-kitchen/esp32-01_rssi/config",
                "homeassistant/sensor/pi-kitchen/pi-2_load1/config");
        assertThat(all).allMatch(Announcement::retained);
        assertThat(topics(discovery.all())).as("the same again").isEqualTo(topics(all));
    }

    @Test
    void isBirth_onlineOnTheStatusTopic_only() {
        byte[] online = "online".getBytes(StandardCharsets.UTF_8);
        assertThat(discovery.birthTopic()).isEqualTo("homeassistant/status");
        assertThat(discovery.isBirth("homeassistant/status", online)).isTrue();
        assertThat(discovery.isBirth("homeassistant/status", "offline".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(discovery.isBirth("homeassistant/other", online)).isFalse();
    }

    @Test
    void forget_removesEveryConfigOfTheDeviceWithEmptyRetainedMessages() {
        fields("esp32-01", "temp", "rssi");
        fields("esp32-02", "temp");
        List<Announcement> out = discovery.forget("esp32-01");
        assertThat(topics(out)).containsExactlyInAnyOrder("homeassistant/sensor/pi-kitchen/esp32-01_temp/config",
                "homeassistant/sensor/pi-kitchen/esp32-01_rssi/config");
        assertThat(out).allMatch(a -> a.retained() && a.isRemoval());
        assertThat(discovery.forget("esp32-01")).isEmpty();
        assertThat(topics(discovery.all())).hasSize(2);
        assertThat(fields("esp32-01", "temp")).as("back with its next reading").hasSize(1);
    }

    @Test
    void deviceToRemove_readsTheRemoveTopic() {
        assertThat(discovery.removeFilter()).isEqualTo("iotgw/pi-kitchen/+/ha-remove");
        assertThat(discovery.deviceToRemove("iotgw/pi-kitchen/esp32-01/ha-remove")).isEqualTo("esp32-01");
        assertThat(discovery.deviceToRemove("iotgw/other-gw/esp32-01/ha-remove")).isNull();
        assertThat(discovery.deviceToRemove("iotgw/pi-kitchen/a/b/ha-remove")).isNull();
        assertThat(discovery.deviceToRemove("iotgw/pi-kitchen//ha-remove")).isNull();
        assertThat(discovery.deviceToRemove("iotgw/pi-kitchen/esp32-01/down")).isNull();
        assertThat(discovery.deviceToRemove("iotgw/pi-kitchen/" + "x".repeat(65) + "/ha-remove")).isNull();
    }

    @Test
    void onConfig_afterARestart_learnsTheDevicesSensorsFromTheBroker() {
        List<Announcement> retained = fields("esp32-01", "temp", "rssi");
        discovery = discovery(SensorTable.BUILT_IN, "0.1.0"); // a restarted gateway knows nothing
        assertThat(discovery.configFilter()).isEqualTo("homeassistant/sensor/pi-kitchen/+/config");
        for (Announcement a : retained) {
            assertThat(discovery.onConfig(a.topic(), a.payload())).as("the same config: nothing to do").isEmpty();
        }
        assertThat(fields("esp32-01", "temp", "rssi")).isEmpty();
        assertThat(topics(discovery.forget("esp32-01"))).containsExactlyInAnyOrderElementsOf(topics(retained));
    }

    @Test
    void onConfig_madeByAnotherVersion_isAnsweredWithTheCurrentConfig() {
        Announcement old = fields("esp32-01", "temp").get(0);
        discovery = discovery(SensorTable.BUILT_IN, "0.2.0");
        List<Announcement> out = discovery.onConfig(old.topic(), old.payload());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).topic()).isEqualTo(old.topic());
        assertThat(new String(out.get(0).payload(), StandardCharsets.UTF_8)).contains("\"sw_version\":\"0.2.0\"");
    }

    @Test
    void onConfig_ofAKeyNowLeftOut_removesIt() throws Exception {
        Announcement old = fields("esp32-01", "n").get(0);
        discovery = discovery(SensorTable.parse("n=-"), "0.1.0");
        List<Announcement> out = discovery.onConfig(old.topic(), old.payload());
        assertThat(out).singleElement().satisfies(a -> {
            assertThat(a.topic()).isEqualTo(old.topic());
            assertThat(a.isRemoval()).isTrue();
        });
    }

    @Test
    void onConfig_emptyAfterHomeAssistantDeletedIt_forgetsSoTheNextReadingAnnouncesAgain() {
        Announcement a = fields("esp32-01", "temp").get(0);
        assertThat(discovery.onConfig(a.topic(), a.payload())).as("our own, echoed").isEmpty();
        assertThat(discovery.onConfig(a.topic(), new byte[0])).isEmpty();
        assertThat(fields("esp32-01", "temp")).hasSize(1);
    }

    @Test
    void onConfig_thatThisGatewayDidNotMake_isIgnored() {
        String base = "homeassistant/sensor/pi-kitchen/";
        byte[][] payloads = {"not json".getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8),
                "{\"unique_id\":\"iotgw:other-gw:esp32-01:temp\"}".getBytes(StandardCharsets.UTF_8),
                "{\"unique_id\":\"iotgw:pi-kitchen:esp32-01:rssi\"}".getBytes(StandardCharsets.UTF_8),
                "{\"unique_id\":\"iotgw:pi-kitchen:bad/id:temp\"}".getBytes(StandardCharsets.UTF_8),
                "{\"unique_id\":\"zigbee2mqtt_0x1234\"}".getBytes(StandardCharsets.UTF_8),
                ("{\"unique_id\":\"iotgw:pi-kitchen:esp32-01:temp\",\"pad\":\"" + "x".repeat(20_000) + "\"}")
                        .getBytes(StandardCharsets.UTF_8)};
        for (byte[] payload : payloads) {
            assertThat(discovery.onConfig(base + "esp32-01_temp/config", payload)).isEmpty();
        }
        assertThat(discovery.onConfig("homeassistant/sensor/other/x/config", "{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(discovery.all()).as("nothing learned").hasSize(1);
    }
}
