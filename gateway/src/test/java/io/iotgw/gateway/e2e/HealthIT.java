package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /health} of the packaged gateway through a broker outage, with a real Mosquitto stopped and started. */
class HealthIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Health(int status, JsonNode body) {
    }

    private static Health health(ObserveHttp http) throws Exception {
        HttpResponse<String> r = http.get("/health");
        return new Health(r.statusCode(), JSON.readTree(r.body()));
    }

    @Test
    void brokerStoppedWithABacklogOlderThanTheLimit_is503_andBackTo200WhenItReturns() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(dir);
             GatewayProcess gateway = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", "0",
                     "--bind", "127.0.0.1", "--http-port", "0", "--mqtt", broker.uri(), "--gateway-id", "gw-health",
                     "--spool-dir", dir.resolve("spool").toString(), "--health-backlog-age", "3s");
             EchoClient device = new EchoClient(gateway.port())) {
            ObserveHttp http = ObserveHttp.of(gateway);
            await().atMost(WAIT).until(() -> "connected".equals(health(http).body().path("broker").asText()));
            Health up = health(http);
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.body().get("status").asText()).isEqualTo("ok");

            broker.stop();
            await().atMost(WAIT).until(() -> "disconnected".equals(health(http).body().path("broker").asText()));
            Health empty = health(http);
            assertThat(empty.status()).as("nothing waits yet: %s", empty.body()).isEqualTo(200);
            assertThat(empty.body().get("status").asText()).isEqualTo("degraded");
            assertThat(http.sample("iotgw_broker_connected")).isZero();

            device.roundTrip("HELLO dev-h\n");
            device.roundTrip("t=1\n"); // echoed: kept in the spool while the broker is away
            await().atMost(WAIT).until(() -> health(http).body().path("backlog_lines").asLong() == 1);
            await("the backlog to pass health-backlog-age").atMost(WAIT).until(() -> health(http).status() == 503);
            Health down = health(http);
            assertThat(down.body().get("status").asText()).isEqualTo("failing");
            assertThat(down.body().get("reason").asText())
                    .startsWith("broker disconnected and the oldest of 1 lines waiting is ")
                    .endsWith("(health-backlog-age 3 s)");
            assertThat(down.body().get("oldest_backlog_age_seconds").asDouble()).isGreaterThan(3);

            broker.startAgain();
            await("the broker to take the backlog").atMost(WAIT).until(() -> health(http).status() == 200);
            Health back = health(http);
            assertThat(back.body().get("status").asText()).isEqualTo("ok");
            await().atMost(WAIT).until(() -> http.sample("iotgw_spool_backlog_lines") == 0);
            String metrics = http.metrics();
            assertThat(ObserveHttp.sample(metrics, "iotgw_broker_reconnects_total")).isEqualTo(1);
            assertThat(ObserveHttp.sample(metrics, "iotgw_published_lines_total")).isEqualTo(1);
        }
    }
}
