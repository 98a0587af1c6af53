package io.iotgw.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotgw.gateway.observe.GatewayView.Traffic;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StatsMessageTest {

    private static final long NOW = 1_790_000_000_123L;
    private final FakeView view = new FakeView();
    private final Meters meters = new Meters();
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode payload() throws Exception {
        return json.readTree(new StatsMessage(view, meters, () -> NOW).payload());
    }

    @Test
    void payload_isTheSummaryAsJson_stampedWithTheReadingsTime() throws Exception {
        view.traffic = new Traffic(3, 10, 2, 1, 4, 500, 6400, 6500, 7, 8);
        view.withBridge(true, 12, OptionalLong.of(NOW - 2500));
        JsonNode p = payload();
        assertThat(p.fieldNames()).toIterable().containsExactly("ts", "gateway", "traffic", "broker", "spool");
        assertThat(p.get("ts").asText()).isEqualTo("2026-09-21T14:13:20.123Z");
        assertThat(p.at("/gateway/id").asText()).isEqualTo("gw-test");
        assertThat(p.at("/gateway/version").asText()).isEqualTo("1.2.3");
        assertThat(p.at("/gateway/uptime_seconds").asLong()).isEqualTo((NOW - 1_000_000L) / 1000);
        assertThat(p.at("/traffic/devices_connected").asLong()).isEqualTo(3);
        assertThat(p.at("/traffic/lines_received").asLong()).isEqualTo(500);
        assertThat(p.at("/traffic/echo_withheld_lines").asLong()).isEqualTo(8);
        assertThat(p.at("/broker/connected").asBoolean()).isTrue();
        assertThat(p.at("/broker/uri").asText()).isEqualTo("tcp://a:1883");
        assertThat(p.at("/broker/published_lines").asLong()).isEqualTo(40);
        assertThat(p.at("/spool/backlog_lines").asLong()).isEqualTo(12);
        assertThat(p.at("/spool/oldest_age_seconds").asDouble()).isEqualTo(2.5);
    }

    @Test
    void payload_eachOneIsANewReading() throws Exception {
        StatsMessage message = new StatsMessage(view, meters, () -> NOW);
        view.traffic = new Traffic(1, 1, 0, 0, 0, 0, 0, 0, 0, 0);
        byte[] first = message.payload();
        view.traffic = new Traffic(2, 2, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(json.readTree(first).at("/traffic/devices_connected").asLong()).isEqualTo(1);
        assertThat(json.readTree(message.payload()).at("/traffic/devices_connected").asLong()).isEqualTo(2);
    }

    @Test
    void payload_disconnectedBroker_hasNoUriAndNoSince() throws Exception {
        view.withBridge(false, 0, OptionalLong.empty());
        JsonNode p = payload();
        assertThat(p.at("/broker/connected").asBoolean()).isFalse();
        assertThat(p.at("/broker/uri").isNull()).isTrue();
        assertThat(p.at("/broker/connected_since").isNull()).isTrue();
        assertThat(p.at("/broker/uris").toString()).isEqualTo("[\"tcp://a:1883\",\"tcp://b:1883\"]");
        assertThat(p.at("/spool/oldest_age_seconds").isNull()).isTrue();
    }

    @Test
    void devicesJson_hostileText_staysData() throws Exception {
        String hostile = "x\"},{\"id\":\"forged\u0000\u001b[2J<script>";
        byte[] doc = StatusJson.document(g -> StatusJson.devices(g, java.util.List.of(
                FakeView.device(hostile, false, 1, NOW))));
        JsonNode devices = json.readTree(doc);
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("id").asText()).isEqualTo(hostile);
        assertThat(new String(doc, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("\u0000").doesNotContain("\u001b");
        assertThat(devices.get(0).get("named_by").asText()).isEqualTo("address");
        assertThat(devices.get(0).get("tls").asBoolean()).isFalse();
        assertThat(devices.get(0).get("authenticated").asBoolean()).isFalse();
    }
}
