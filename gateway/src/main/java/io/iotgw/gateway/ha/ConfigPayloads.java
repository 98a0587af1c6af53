package io.iotgw.gateway.ha;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The discovery configs' JSON, in Home Assistant's full key names (components/mqtt: sensor.py,
 * binary_sensor.py, schemas.py), so that a person reading them on the broker sees what they mean.
 * Stateless apart from what it is built with.
 */
final class ConfigPayloads {

    static final String NAME = "iot-gateway";
    /** The {@code state} of a status topic's JSON; an empty (cleared) status or one that is not JSON reads as offline. */
    static final String STATE_TEMPLATE =
            "{{ value_json.state if value_json is defined and value_json.state is defined else 'offline' }}";
    private static final JsonFactory JSON = new JsonFactory();

    private final String gatewayId;
    private final String version;
    private final String gatewayStatusTopic;

    ConfigPayloads(String gatewayId, String version, String gatewayStatusTopic) {
        this.gatewayId = gatewayId;
        this.version = version;
        this.gatewayStatusTopic = gatewayStatusTopic;
    }

    String gatewayIdentifier() {
        return "iotgw:" + gatewayId;
    }

    String deviceIdentifier(String deviceId) {
        return gatewayIdentifier() + ":" + deviceId;
    }

    String uniqueId(String deviceId, String key) {
        return deviceIdentifier(deviceId) + ":" + key;
    }

    /**
     * A number on a line that has it; an empty string on a line that does not, which Home Assistant
     * ignores for a sensor with a state class (sensor.py: "Ignore empty state"), so the sensor keeps
     * its value instead of turning unknown, and nothing is logged as an error.
     */
    static String valueTemplate(String key) {
        String field = "value_json.fields['" + key + "']";
        return "{{ " + field + " if value_json is defined and value_json.fields is defined and " + field
                + " is number else '' }}";
    }

    /** A sensor for one numeric field of one device, available while both the device and the gateway are online. */
    byte[] sensor(String deviceId, String key, SensorKind kind, String upTopic, String deviceStatusTopic) {
        return write(json -> {
            json.writeStringField("name", key);
            json.writeStringField("unique_id", uniqueId(deviceId, key));
            json.writeStringField("state_topic", upTopic);
            json.writeStringField("value_template", valueTemplate(key));
            if (kind.unit() != null) {
                json.writeStringField("unit_of_measurement", kind.unit());
            }
            if (kind.deviceClass() != null) {
                json.writeStringField("device_class", kind.deviceClass());
            }
            json.writeStringField("state_class", kind.stateClass());
            if (kind.diagnostic()) {
                json.writeStringField("entity_category", "diagnostic");
            }
            json.writeArrayFieldStart("availability");
            availability(json, deviceStatusTopic);
            availability(json, gatewayStatusTopic);
            json.writeEndArray();
            json.writeStringField("availability_mode", "all");
            json.writeObjectFieldStart("device");
            json.writeArrayFieldStart("identifiers");
            json.writeString(deviceIdentifier(deviceId));
            json.writeEndArray();
            json.writeStringField("name", deviceId);
            json.writeStringField("via_device", gatewayIdentifier());
            json.writeEndObject();
            origin(json);
        });
    }

    /**
     * The gateway as a device of its own, with one entity: its connection to the broker, from its
     * retained status and the broker's last will. Like ESPHome's status sensor it has no availability
     * of its own, so a gateway that is gone shows as disconnected rather than unavailable.
     */
    byte[] gateway() {
        return write(json -> {
            json.writeStringField("name", "Connection");
            json.writeStringField("unique_id", gatewayIdentifier() + ":connection");
            json.writeStringField("state_topic", gatewayStatusTopic);
            json.writeStringField("value_template", STATE_TEMPLATE);
            json.writeStringField("payload_on", "online");
            json.writeStringField("payload_off", "offline");
            json.writeStringField("device_class", "connectivity");
            json.writeStringField("entity_category", "diagnostic");
            json.writeObjectFieldStart("device");
            json.writeArrayFieldStart("identifiers");
            json.writeString(gatewayIdentifier());
            json.writeEndArray();
            json.writeStringField("name", gatewayId);
            json.writeStringField("model", NAME);
            json.writeStringField("sw_version", version);
            json.writeEndObject();
            origin(json);
        });
    }

    private static void availability(JsonGenerator json, String topic) throws IOException {
        json.writeStartObject();
        json.writeStringField("topic", topic);
        json.writeStringField("value_template", STATE_TEMPLATE);
        json.writeStringField("payload_available", "online");
        json.writeStringField("payload_not_available", "offline");
        json.writeEndObject();
    }

    private void origin(JsonGenerator json) throws IOException {
        json.writeObjectFieldStart("origin");
        json.writeStringField("name", NAME);
        json.writeStringField("sw_version", version);
        json.writeEndObject();
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
