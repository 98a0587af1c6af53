package io.iotgw.gateway.ha;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Home Assistant's MQTT discovery schema for the two platforms the gateway uses, sensor and
 * binary_sensor, transcribed from home-assistant/core 2026.x (CONFIG_ENTRY_VERSION 2, the
 * {@code group}, {@code default_entity_id} and {@code uptime} additions, {@code object_id} gone):
 * homeassistant/components/mqtt/abbreviations.py (mirror at commit 5d99f7b1874a), discovery.py
 * (TOPIC_MATCHER, abbreviation expansion), config.py (MQTT_BASE_SCHEMA, MQTT_RO_SCHEMA), schemas.py
 * (MQTT_ENTITY_COMMON_SCHEMA, the availability, device and origin schemas), sensor.py and
 * binary_sensor.py (mirror at d501c87b3a4c); homeassistant/components/sensor/const.py and
 * binary_sensor/__init__.py for device classes, state classes and the units each class takes.
 *
 * <p>Stricter than Home Assistant where it helps: Home Assistant drops unknown keys of a discovery
 * config without a word ({@code extra=vol.REMOVE_EXTRA}), so a misspelled key would silently do
 * nothing; here it fails. Only the abbreviations of keys these platforms accept are listed: any
 * other abbreviation expands (or not) to a key they do not take, which fails as unknown.
 */
final class HaDiscoverySchema {

    /** discovery.py TOPIC_MATCHER, here matched whole. */
    static final Pattern TOPIC = Pattern.compile(
            "(?<component>\\w+)/(?:(?<node>[a-zA-Z0-9_-]+)/)?(?<object>[a-zA-Z0-9_-]+)/config");

    /** abbreviations.py ABBREVIATIONS, the entries whose key sensor or binary_sensor configs take. */
    static final Map<String, String> ABBREVIATIONS = Map.ofEntries(
            entry("avty", "availability"), entry("avty_mode", "availability_mode"),
            entry("avty_t", "availability_topic"), entry("avty_tpl", "availability_template"),
            entry("def_ent_id", "default_entity_id"), entry("dev", "device"), entry("dev_cla", "device_class"),
            entry("e", "encoding"), entry("en", "enabled_by_default"), entry("ent_cat", "entity_category"),
            entry("ent_pic", "entity_picture"), entry("exp_aft", "expire_after"), entry("frc_upd", "force_update"),
            entry("grp", "group"), entry("ic", "icon"), entry("json_attr_t", "json_attributes_topic"),
            entry("json_attr_tpl", "json_attributes_template"), entry("lrst_val_tpl", "last_reset_value_template"),
            entry("msg_exp_int", "message_expiry_interval"), entry("name", "name"), entry("o", "origin"),
            entry("off_dly", "off_delay"), entry("ops", "options"), entry("pl_avail", "payload_available"),
            entry("pl_not_avail", "payload_not_available"), entry("pl_off", "payload_off"), entry("pl_on", "payload_on"),
            entry("stat_cla", "state_class"), entry("stat_t", "state_topic"),
            entry("sug_dsp_prc", "suggested_display_precision"), entry("t", "topic"), entry("uniq_id", "unique_id"),
            entry("unit_of_meas", "unit_of_measurement"), entry("val_tpl", "value_template"));
    /** abbreviations.py DEVICE_ABBREVIATIONS. */
    static final Map<String, String> DEVICE_ABBREVIATIONS = Map.ofEntries(
            entry("cns", "connections"), entry("cu", "configuration_url"), entry("ids", "identifiers"),
            entry("name", "name"), entry("mf", "manufacturer"), entry("mdl", "model"), entry("mdl_id", "model_id"),
            entry("hw", "hw_version"), entry("sw", "sw_version"), entry("sa", "suggested_area"),
            entry("sn", "serial_number"));
    /** abbreviations.py ORIGIN_ABBREVIATIONS. */
    static final Map<String, String> ORIGIN_ABBREVIATIONS = Map.of(
            "name", "name", "sw", "sw_version", "url", "support_url");

    /** config.py MQTT_BASE_SCHEMA and MQTT_RO_SCHEMA; state_topic is required. */
    private static final Set<String> READ_ONLY = Set.of("qos", "encoding", "group", "state_topic", "value_template");
    /** schemas.py MQTT_ENTITY_COMMON_SCHEMA with the availability schemas; discovery.py takes "~" too. */
    private static final Set<String> COMMON = Set.of("availability_topic", "availability_template", "payload_available",
            "payload_not_available", "availability_mode", "availability", "device", "entity_picture", "origin",
            "enabled_by_default", "entity_category", "icon", "json_attributes_topic", "json_attributes_template",
            "default_entity_id", "message_expiry_interval", "unique_id", "~");
    /** sensor.py _PLATFORM_SCHEMA_BASE. */
    private static final Set<String> SENSOR = Set.of("device_class", "expire_after", "force_update",
            "last_reset_value_template", "name", "options", "suggested_display_precision", "state_class",
            "unit_of_measurement");
    /** binary_sensor.py PLATFORM_SCHEMA_MODERN. */
    private static final Set<String> BINARY_SENSOR = Set.of("device_class", "expire_after", "force_update", "name",
            "off_delay", "payload_off", "payload_on");
    /** schemas.py MQTT_AVAILABILITY_LIST_SCHEMA, one entry; topic is required. */
    private static final Set<String> AVAILABILITY_ENTRY = Set.of("topic", "payload_available", "payload_not_available",
            "value_template");
    /** schemas.py MQTT_ENTITY_DEVICE_INFO_SCHEMA; identifiers or connections are required. */
    private static final Set<String> DEVICE = Set.of("identifiers", "connections", "manufacturer", "model", "model_id",
            "name", "hw_version", "serial_number", "sw_version", "via_device", "suggested_area", "configuration_url");
    /** schemas.py MQTT_ORIGIN_INFO_SCHEMA; name is required. */
    private static final Set<String> ORIGIN = Set.of("name", "sw_version", "support_url");
    /** const.py AVAILABILITY_MODES; homeassistant/const.py EntityCategory. */
    private static final Set<String> AVAILABILITY_MODES = Set.of("all", "any", "latest");
    private static final Set<String> ENTITY_CATEGORIES = Set.of("config", "diagnostic");

    /** sensor/const.py SensorDeviceClass; the first four are not numeric (NON_NUMERIC_DEVICE_CLASSES). */
    static final Set<String> SENSOR_DEVICE_CLASSES = Set.of("date", "enum", "timestamp", "uptime",
            "absolute_humidity", "apparent_power", "aqi", "area", "atmospheric_pressure", "battery",
            "blood_glucose_concentration", "carbon_monoxide", "carbon_dioxide", "conductivity", "current", "data_rate",
            "data_size", "distance", "duration", "energy", "energy_distance", "energy_storage", "frequency", "gas",
            "humidity", "illuminance", "irradiance", "moisture", "monetary", "nitrogen_dioxide", "nitrogen_monoxide",
            "nitrous_oxide", "ozone", "ph", "pm1", "pm10", "pm25", "pm4", "power_factor", "power", "precipitation",
            "precipitation_intensity", "pressure", "radon", "reactive_energy", "reactive_power", "signal_strength",
            "sound_pressure", "speed", "sulphur_dioxide", "temperature", "temperature_delta",
            "volatile_organic_compounds", "volatile_organic_compounds_parts", "voltage", "volume", "volume_storage",
            "volume_flow_rate", "water", "weight", "wind_direction", "wind_speed");
    /** sensor/const.py SensorStateClass. */
    static final Set<String> STATE_CLASSES = Set.of("measurement", "measurement_angle", "total", "total_increasing");
    /**
     * sensor/const.py DEVICE_CLASS_UNITS for the classes the gateway's table uses (of a class given
     * as a whole enum, the units checked in homeassistant/const.py: UnitOfPressure.HPA "hPa",
     * UnitOfElectricPotential.VOLT "V", UnitOfInformation.BYTES "B").
     */
    static final Map<String, Set<String>> DEVICE_CLASS_UNITS = Map.of(
            "temperature", Set.of("°C", "°F", "K"),
            "humidity", Set.of("%"),
            "atmospheric_pressure", Set.of("hPa"),
            "illuminance", Set.of("lx"),
            "carbon_dioxide", Set.of("ppm"),
            "battery", Set.of("%"),
            "voltage", Set.of("V"),
            "signal_strength", Set.of("dB", "dBm"),
            "data_size", Set.of("B"),
            "duration", Set.of("d", "h", "min", "s", "ms", "μs"));
    /** sensor/const.py DEVICE_CLASS_STATE_CLASSES for the same classes. */
    static final Map<String, Set<String>> DEVICE_CLASS_STATE_CLASSES = Map.of(
            "temperature", Set.of("measurement"),
            "humidity", Set.of("measurement"),
            "atmospheric_pressure", Set.of("measurement"),
            "illuminance", Set.of("measurement"),
            "carbon_dioxide", Set.of("measurement"),
            "battery", Set.of("measurement"),
            "voltage", Set.of("measurement"),
            "signal_strength", Set.of("measurement"),
            "data_size", STATE_CLASSES,
            "duration", STATE_CLASSES);
    /** binary_sensor/__init__.py BinarySensorDeviceClass. */
    static final Set<String> BINARY_SENSOR_DEVICE_CLASSES = Set.of("battery", "battery_charging", "carbon_monoxide",
            "cold", "connectivity", "door", "garage_door", "gas", "heat", "light", "lock", "moisture", "motion",
            "moving", "occupancy", "opening", "plug", "power", "presence", "problem", "running", "safety", "smoke",
            "sound", "tamper", "update", "vibration", "window");

    private static final ObjectMapper JSON = new ObjectMapper();

    private HaDiscoverySchema() {
    }

    /** A config message that Home Assistant takes, with its keys expanded as discovery.py does. */
    record Accepted(String component, String node, String objectId, ObjectNode config) {
    }

    /** Checks one discovery message as Home Assistant would read it; throws naming the first thing it would not take. */
    static Accepted check(String discoveryPrefix, String topic, byte[] payload) {
        if (!topic.startsWith(discoveryPrefix + "/")) {
            throw new AssertionError("topic " + topic + " is not under " + discoveryPrefix + "/");
        }
        Matcher m = TOPIC.matcher(topic.substring(discoveryPrefix.length() + 1));
        if (!m.matches()) {
            throw new AssertionError("topic " + topic + " does not match discovery.py's TOPIC_MATCHER");
        }
        String component = m.group("component");
        Set<String> platform = switch (component) {
            case "sensor" -> SENSOR;
            case "binary_sensor" -> BINARY_SENSOR;
            default -> throw new AssertionError("component " + component + " is not one the gateway announces");
        };
        JsonNode parsed;
        try {
            parsed = JSON.readTree(payload);
        } catch (IOException e) {
            throw new AssertionError("payload is not JSON: " + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode config)) {
            throw new AssertionError("payload is not a JSON object");
        }
        expand(config, ABBREVIATIONS);
        keys("config", config, platform, COMMON, READ_ONLY);
        required("config", config, "state_topic");
        topicValue("state_topic", config.get("state_topic"));
        checkAvailability(config);
        checkClasses(component, config);
        if (config.has("entity_category")) {
            oneOf("entity_category", config.get("entity_category"), ENTITY_CATEGORIES);
        }
        if (config.has("unique_id") && config.get("unique_id").asText().isEmpty()) {
            throw new AssertionError("unique_id is empty");
        }
        if (config.has("device")) {
            checkDevice(object("device", config.get("device")));
        }
        if (config.has("origin")) {
            ObjectNode origin = object("origin", config.get("origin"));
            expand(origin, ORIGIN_ABBREVIATIONS);
            keys("origin", origin, ORIGIN);
            required("origin", origin, "name");
        }
        return new Accepted(component, m.group("node"), m.group("object"), config);
    }

    private static void checkAvailability(ObjectNode config) {
        if (config.has("availability") && config.has("availability_topic")) {
            throw new AssertionError("availability and availability_topic exclude each other");
        }
        if (config.has("availability_mode")) {
            oneOf("availability_mode", config.get("availability_mode"), AVAILABILITY_MODES);
        }
        if (config.has("availability_topic")) {
            topicValue("availability_topic", config.get("availability_topic"));
        }
        JsonNode list = config.get("availability");
        if (list == null) {
            return;
        }
        for (JsonNode item : list.isArray() ? list : JSON.createArrayNode().add(list)) {
            ObjectNode entry = object("availability entry", item);
            expand(entry, ABBREVIATIONS);
            keys("availability entry", entry, AVAILABILITY_ENTRY);
            required("availability entry", entry, "topic");
            topicValue("availability topic", entry.get("topic"));
        }
    }

    private static void checkClasses(String component, ObjectNode config) {
        String deviceClass = config.path("device_class").asText(null);
        if (component.equals("binary_sensor")) {
            if (deviceClass != null) {
                oneOf("device_class", config.get("device_class"), BINARY_SENSOR_DEVICE_CLASSES);
            }
            return;
        }
        if (deviceClass != null) {
            oneOf("device_class", config.get("device_class"), SENSOR_DEVICE_CLASSES);
        }
        String stateClass = config.path("state_class").asText(null);
        if (stateClass != null) {
            oneOf("state_class", config.get("state_class"), STATE_CLASSES);
        }
        String unit = config.path("unit_of_measurement").asText(null);
        if (deviceClass != null && DEVICE_CLASS_UNITS.containsKey(deviceClass)
                && !DEVICE_CLASS_UNITS.get(deviceClass).contains(unit)) {
            throw new AssertionError("unit " + unit + " is not one device class " + deviceClass + " takes");
        }
        if (deviceClass != null && stateClass != null && DEVICE_CLASS_STATE_CLASSES.containsKey(deviceClass)
                && !DEVICE_CLASS_STATE_CLASSES.get(deviceClass).contains(stateClass)) {
            throw new AssertionError("state class " + stateClass + " is not one device class " + deviceClass + " takes");
        }
    }

    private static void checkDevice(ObjectNode device) {
        expand(device, DEVICE_ABBREVIATIONS);
        keys("device", device, DEVICE);
        if (device.path("identifiers").isEmpty() && device.path("connections").isEmpty()) {
            throw new AssertionError("device must have at least one identifying value in identifiers and/or connections");
        }
        JsonNode identifiers = device.path("identifiers");
        for (JsonNode id : identifiers.isArray() ? identifiers : JSON.createArrayNode().add(identifiers)) {
            if (!id.isTextual() || id.asText().isEmpty()) {
                throw new AssertionError("device identifiers must be strings, got " + id);
            }
        }
    }

    /** discovery.py _replace_abbreviations: an abbreviated key becomes its full name. */
    private static void expand(ObjectNode node, Map<String, String> abbreviations) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String full = abbreviations.get(name);
            if (full != null && !full.equals(name)) {
                node.set(full, node.remove(name));
            }
        }
    }

    @SafeVarargs
    private static void keys(String what, ObjectNode node, Set<String>... accepted) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            boolean known = false;
            for (Set<String> set : accepted) {
                known |= set.contains(key);
            }
            if (!known) {
                throw new AssertionError(what + " has key '" + key + "', which Home Assistant does not take there");
            }
        }
    }

    private static void required(String what, ObjectNode node, String key) {
        if (!node.hasNonNull(key) || node.get(key).asText().isEmpty()) {
            throw new AssertionError(what + " lacks the required key " + key);
        }
    }

    private static void oneOf(String what, JsonNode value, Set<String> allowed) {
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            throw new AssertionError(what + " " + value + " is not one Home Assistant knows");
        }
    }

    /** util.py valid_subscribe_topic, for topics without wildcards: a non-empty UTF-8 string, no NUL. */
    private static void topicValue(String what, JsonNode value) {
        String topic = value == null ? "" : value.asText();
        if (!value.isTextual() || topic.isEmpty() || topic.indexOf('\0') >= 0 || topic.contains("+") || topic.contains("#")) {
            throw new AssertionError(what + " is not a valid topic: " + value);
        }
    }

    private static ObjectNode object(String what, JsonNode value) {
        if (!(value instanceof ObjectNode node)) {
            throw new AssertionError(what + " must be a mapping, got " + value);
        }
        return node;
    }
}
