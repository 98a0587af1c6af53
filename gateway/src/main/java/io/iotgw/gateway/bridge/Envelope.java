package io.iotgw.gateway.bridge;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.iotgw.gateway.readings.ReadingParser;
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
import java.util.List;

/**
 * The JSON envelope of one device line, field names fixed because consumers depend on them:
 * {@code {"gateway","device","seq","ts","remote","payload"}}, or {@code payload_base64} when the
 * line is not valid UTF-8, and {@code "fields"} after them when the line is a reading. Not
 * thread-safe (it reuses its decoder and parser): one per publisher, owned by its thread.
 */
final class Envelope {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private final String gatewayId;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    /** Readings parsed into {@code fields}, or null to leave lines as they are. */
    private final ReadingParser readings;
    private List<String> numericKeys = List.of();

    /** An envelope without {@code fields}. */
    Envelope(String gatewayId) {
        this(gatewayId, null);
    }

    /** @param readings parses each line's fields, or null for none */
    Envelope(String gatewayId, ReadingParser readings) {
        this.gatewayId = gatewayId;
        this.readings = readings;
    }

    byte[] encode(SpoolEntry entry) {
        int length = entry.payload().length;
        // room for the usual envelope without growing; fields take about the payload's size again
        ByteArrayOutputStream out = new ByteArrayOutputStream(readings == null ? 128 + length * 2 : 192 + length * 3);
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
            numericKeys = List.of();
            if (text != null && readings != null && readings.writeFields(entry.payload(), json)) {
                numericKeys = readings.numericKeys();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The keys of the last encoded line's numeric fields (for Home Assistant discovery); valid until the next encode. */
    List<String> numericKeys() {
        return numericKeys;
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
