package io.iotgw.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotgw.gateway.config.HaConfig;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The configs the gateway publishes, held to Home Assistant's discovery schema ({@link HaDiscoverySchema}). */
class DiscoverySchemaTest {

    private static final String REMOTE = "192.168.1.20:53122";

    private static HaDiscoverySchema.Accepted check(Announcement a) {
        return HaDiscoverySchema.check("homeassistant", a.topic(), a.payload());
    }

    private static HaDiscoverySchema.Accepted check(String topic, String payload) {
        return HaDiscoverySchema.check("homeassistant", topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyBuiltInKind_isASensorHomeAssistantTakes() throws Exception {
        Discovery discovery = new Discovery(new HaConfig("homeassistant", SensorTable.BUILT_IN), "iotgw", "pi-kitchen", "0.1.0");
        List<String> keys = new ArrayList<>();
        SensorKinds.ALL.forEach(kind -> keys.addAll(kind.keys()));
        keys.add("sensor");
        List<Announcement> announced = discovery.onFields("esp32-01", REMOTE, keys);
        assertThat(announced).hasSize(keys.size());
        for (Announcement a : announced) {
            HaDiscoverySchema.Accepted accepted = check(a);
            assertThat(accepted.component()).isEqualTo("sensor");
            assertThat(accepted.config().get("state_class")).as("every sensor has a state class").isNotNull();
        }
    }

    @Test
    void everyBuiltInKind_hasUnitsAndClassesHomeAssistantPairs() {
        for (SensorKind kind : SensorKinds.ALL) {
            if (kind.deviceClass() != null) {
                assertThat(HaDiscoverySchema.SENSOR_DEVICE_CLASSES).contains(kind.deviceClass());
                assertThat(HaDiscoverySchema.DEVICE_CLASS_UNITS.get(kind.deviceClass())).as(kind.name()).contains(kind.unit());
                assertThat(HaDiscoverySchema.DEVICE_CLASS_STATE_CLASSES.get(kind.deviceClass())).as(kind.name())
                        .contains(kind.stateClass());
            }
            assertThat(HaDiscoverySchema.STATE_CLASSES).contains(kind.stateClass());
        }
    }

    @Test
    void customKinds_andHashedObjectIds_areTakenToo() throws Exception {
        Discovery discovery = new Discovery(new HaConfig("homeassistant",
                SensorTable.parse("soil=%,moisture;flow=L/min,volume_flow_rate;odd=,,total")), "iotgw", "pi.kitchen", "dev");
        for (Announcement a : discovery.onFields("bme_280.a", REMOTE, List.of("soil", "flow", "odd", "x.y-z_w"))) {
            check(a);
        }
    }

    @Test
    void gatewayDevice_isABinarySensorHomeAssistantTakes() {
        Discovery discovery = new Discovery(new HaConfig("homeassistant", SensorTable.BUILT_IN), "iotgw", "pi-kitchen", "0.1.0");
        HaDiscoverySchema.Accepted accepted = check(discovery.gateway());
        assertThat(accepted.component()).isEqualTo("binary_sensor");
        assertThat(accepted.config().get("device_class").asText()).isEqualTo("connectivity");
    }

    @Test
    void check_abbreviatedConfig_isExpandedAsHomeAssistantDoes() {
        HaDiscoverySchema.Accepted a = check("homeassistant/sensor/n/o/config", "{\"stat_t\":\"t/up\",\"uniq_id\":\"u\","
                + "\"unit_of_meas\":\"°C\",\"dev_cla\":\"temperature\",\"stat_cla\":\"measurement\","
                + "\"avty\":[{\"t\":\"t/status\",\"val_tpl\":\"{{ value }}\"}],\"dev\":{\"ids\":[\"i\"],\"mf\":\"m\"},"
                + "\"o\":{\"name\":\"g\",\"sw\":\"1\",\"url\":\"https://example.org\"}}");
        assertThat(a.config().get("state_topic").asText()).isEqualTo("t/up");
        assertThat(a.config().get("device").get("identifiers").get(0).asText()).isEqualTo("i");
        assertThat(a.node()).isEqualTo("n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "misspelled key         | {\"state_topic\":\"t\",\"unit_of_measurment\":\"°C\"}",
            "unknown abbreviation   | {\"stt\":\"t\"}",
            "key of another platform| {\"state_topic\":\"t\",\"command_topic\":\"c\"}",
            "abbreviation elsewhere | {\"state_topic\":\"t\",\"cmd_t\":\"c\"}",
            "removed key            | {\"state_topic\":\"t\",\"object_id\":\"o\"}",
            "no state topic         | {\"name\":\"x\"}",
            "empty state topic      | {\"state_topic\":\"\"}",
            "wildcard state topic   | {\"state_topic\":\"a/+/up\"}",
            "device without ids     | {\"state_topic\":\"t\",\"device\":{\"name\":\"x\"}}",
            "unknown device key     | {\"state_topic\":\"t\",\"device\":{\"ids\":[\"i\"],\"via\":\"g\"}}",
            "origin without name    | {\"state_topic\":\"t\",\"origin\":{\"sw\":\"1\"}}",
            "availability no topic  | {\"state_topic\":\"t\",\"availability\":[{\"payload_available\":\"on\"}]}",
            "availability bad key   | {\"state_topic\":\"t\",\"availability\":[{\"topic\":\"s\",\"template\":\"x\"}]}",
            "both availabilities    | {\"state_topic\":\"t\",\"availability_topic\":\"s\",\"availability\":[{\"topic\":\"s\"}]}",
            "unknown mode           | {\"state_topic\":\"t\",\"availability_mode\":\"every\"}",
            "unknown device class   | {\"state_topic\":\"t\",\"device_class\":\"temp\"}",
            "unit of another class  | {\"state_topic\":\"t\",\"device_class\":\"temperature\",\"unit_of_measurement\":\"C\"}",
            "state class of another | {\"state_topic\":\"t\",\"device_class\":\"battery\",\"unit_of_measurement\":\"%\",\"state_class\":\"total\"}",
            "unknown state class    | {\"state_topic\":\"t\",\"state_class\":\"gauge\"}",
            "unknown category       | {\"state_topic\":\"t\",\"entity_category\":\"system\"}",
            "not an object          | [1]"})
    void check_configHomeAssistantWouldNotTake_fails(String what, String payload) {
        assertThatThrownBy(() -> check("homeassistant/sensor/n/o/config", payload)).isInstanceOf(AssertionError.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"homeassistant/sensor/pi.kitchen/o/config", "homeassistant/sensor/n/a.b/config",
            "homeassistant/sensor/a/b/c/config", "homeassistant/sensor/o/state", "other/sensor/n/o/config",
            "homeassistant/light/n/o/config"})
    void check_topicHomeAssistantWouldNotTake_fails(String topic) {
        assertThatThrownBy(() -> check(topic, "{\"state_topic\":\"t\"}")).isInstanceOf(AssertionError.class);
    }
}
