package io.iotgw.gateway.bridge;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The retained status payloads: {@code {"state":"online"|"offline","ts":…,"remote":…}}. */
final class Presence {

    private static final JsonFactory JSON = new JsonFactory();

    private Presence() {
    }

    /** The gateway's last will: the broker publishes it when the gateway vanishes. */
    static byte[] gatewayWill() {
        return "{\"state\":\"offline\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** @param remote the device's address, or null for the gateway itself */
    static byte[] status(boolean online, long epochMillis, String remote) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("state", online ? "online" : "offline");
            json.writeStringField("ts", Envelope.timestamp(epochMillis));
            if (remote != null) {
                json.writeStringField("remote", remote);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
