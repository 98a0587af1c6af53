package io.iotgw.gateway.bridge;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.iotgw.gateway.spool.SpoolEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The JSON envelope of one device line, field names fixed because consumers depend on them:
 * {@code {"gateway","device","seq","ts","remote","payload"}}, or {@code payload_base64} when the
 * line is not valid UTF-8. Not thread-safe (it reuses its decoder): one per publisher.
 */
final class Envelope {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private final String gatewayId;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    Envelope(String gatewayId) {
        this.gatewayId = gatewayId;
    }

    byte[] encode(SpoolEntry entry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128 + entry.payload().length * 2);
        try (JsonGenerator json = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("gateway", gatewayId);
            json.writeStringField("device", entry.deviceId());
            json.writeNumberField("seq", entry.seq());
            json.writeStringField("ts", timestamp(entry.receivedMillis()));
            json.writeStringField("remote", entry.remote());
            String text = utf8(entry.payload());
            if (text != null) {
                json.writeStringField("payload", text);
            } else {
                json.writeStringField("payload_base64", Base64.getEncoder().encodeToString(entry.payload()));
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** ISO-8601 UTC with milliseconds, e.g. 2026-11-23T10:15:30.123Z. */
    static String timestamp(long epochMillis) {
        return TS.format(Instant.ofEpochMilli(epochMillis));
    }

    private String utf8(byte[] payload) {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
