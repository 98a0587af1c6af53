package io.iotgw.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotgw.gateway.spool.SpoolEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private final Envelope envelope = new Envelope("pi-kitchen");
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode encode(byte[] payload, long millis) throws Exception {
        return json.readTree(envelope.encode(new SpoolEntry(0, "esp32-01", 42, millis, "192.168.1.20:53122", payload)));
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
    void timestamp_wholeSecond_stillHasThreeFractionDigits() {
        assertThat(Envelope.timestamp(1_795_429_330_000L)).isEqualTo("2026-11-23T10:22:10.000Z");
    }
}
