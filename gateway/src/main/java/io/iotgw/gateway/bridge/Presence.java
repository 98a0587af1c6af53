package io.iotgw.gateway.bridge;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The retained status payloads: {@code {"state":"online"|"offline","ts":…,"remote":…}}. */
final class Presence {

    private static final JsonFactory JSON = new JsonFactory();

    private Presence() {
    }

    static byte[] device(boolean online, long epochMillis, String remote) {
        return status(online, epochMillis, remote);
    }

    static byte[] gatewayOnline(long epochMillis) {
        return status(true, epochMillis, null);
    }

    static byte[] gatewayOffline() {
        return "{\"state\":\"offline\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static byte[] gatewayOffline(long epochMillis) {
        return status(false, epochMillis, null);
    }

    private static byte[] status(boolean online, long epochMillis, String remote) {
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
