package io.iotgw.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotgw.gateway.readings.ReadingParser;
import io.iotgw.gateway.spool.SpoolEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private final Envelope envelope = new Envelope("pi-kitchen");
    private final Envelope withFields = new Envelope("pi-kitchen", new ReadingParser());
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode encode(byte[] payload, long millis) throws Exception {
        return encode(envelope, payload, millis);
    }

    private JsonNode encode(Envelope e, byte[] payload, long millis) throws Exception {
        return json.readTree(e.encode(new SpoolEntry(0, 0, 0, "esp32-01", 42, millis, "192.168.1.20:53122", payload)));
    }

    private JsonNode encodeWithFields(String line) throws Exception {
        return encode(withFields, line.getBytes(StandardCharsets.UTF_8), 0);
    }

    @Test
    void encode_textLine_hasExactlyTheContractsFieldsInOrder() throws Exception {
        JsonNode e = encode("temp=21.5 \"quoted\" ünï".getBytes(StandardCharsets.UTF_8), 1_795_429_330_123L);
        assertThat(e.fieldNames()).toIterable().containsExactly("gateway", "device", "seq", "ts", "remote", "payload");
        assertThat(e.get("gateway").asText()).isEqualTo("pi-kitchen");
        assertThat(e.get("device").asText()).isEqualTo("esp32-01");
        assertThat(e.get("seq").asLong()).isEqualTo(42);
        assertThat(e.get("ts").asText()).isEqualTo("2026-11-23T10:22:10.123Z");
        assertThat(e.get("remote").asText()).isEqualTo("192.168.1.20:53122");
        assertThat(e.get("payload").asText()).isEqualTo("temp=21.5 \"quoted\" ünï");
    }

    @Test
    void encode_invalidUtf8_carriesTheBytesAsBase64Instead() throws Exception {
        JsonNode e = encode(new byte[] {(byte) 0xff, 0, 'a'}, 0);
        assertThat(e.has("payload")).isFalse();
        assertThat(e.get("payload_base64").asText()).isEqualTo("/wBh");
    }

    @Test
    void encode_reading_addsFieldsAfterThePayloadWhichStaysAsItIs() throws Exception {
        JsonNode e = encodeWithFields("temp=21.5 rssi=-61 room=kitchen");
        assertThat(e.fieldNames()).toIterable()
                .containsExactly("gateway", "device", "seq", "ts", "remote", "payload", "fields");
        assertThat(e.get("payload").asText()).isEqualTo("temp=21.5 rssi=-61 room=kitchen");
        assertThat(e.get("fields").get("temp").isNumber()).isTrue();
        assertThat(e.get("fields").get("room").asText()).isEqualTo("kitchen");
        assertThat(withFields.numericKeys()).containsExactly("temp", "rssi");
    }

    @Test
    void encode_jsonReading_addsFieldsAndKeepsThePayloadText() throws Exception {
        JsonNode e = encodeWithFields("{\"temp\":21.5}");
        assertThat(e.get("payload").asText()).isEqualTo("{\"temp\":21.5}");
        assertThat(e.get("fields").get("temp").asDouble()).isEqualTo(21.5);
    }

    @Test
    void encode_lineThatIsNoReading_hasNoFields() throws Exception {
        encodeWithFields("temp=21.5");
        JsonNode e = encodeWithFields("button pressed=3");
        assertThat(e.has("fields")).isFalse();
        assertThat(withFields.numericKeys()).isEmpty();
    }

    @Test
    void encode_invalidUtf8_hasNeitherPayloadNorFields() throws Exception {
        encodeWithFields("temp=21.5");
        JsonNode e = encode(withFields, new byte[] {'t', '=', (byte) 0xff}, 0);
        assertThat(e.fieldNames()).toIterable().containsExactly("gateway", "device", "seq", "ts", "remote", "payload_base64");
        assertThat(withFields.numericKeys()).isEmpty();
    }

    @Test
    void encode_withoutAParser_leavesReadingsAlone() throws Exception {
        assertThat(encode("temp=21.5".getBytes(StandardCharsets.UTF_8), 0).has("fields")).isFalse();
        assertThat(envelope.numericKeys()).isEmpty();
    }

    @Test
    void timestamp_wholeSecond_stillHasThreeFractionDigits() {
        assertThat(Envelope.timestamp(1_795_429_330_000L)).isEqualTo("2026-11-23T10:22:10.000Z");
    }
}
