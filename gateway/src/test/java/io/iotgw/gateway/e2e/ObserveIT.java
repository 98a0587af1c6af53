package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side of the packaged gateway: metrics that move with real devices, the JSON, the HTTP rules. */
class ObserveIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String GW = "gw-observe";
    private static final Path DEPLOY = Path.of(System.getProperty("iotgw.deploy.dir", "../deploy"));
    /** Metric names as they appear in PromQL: ours and the JVM's. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:iotgw|jvm|process)_[a-zA-Z0-9_]+)");

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    private GatewayProcess gateway(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--bind", "127.0.0.1", "--http-port", "0"));
        all.addAll(List.of(args));
        GatewayProcess g = GatewayProcess.start(JAVA, Map.of(), all.toArray(String[]::new));
        closeLast.add(0, g);
        return g;
    }

    private MosquittoProcess broker() throws IOException {
        MosquittoProcess broker = MosquittoProcess.start(dir);
        closeLast.add(0, broker);
        return broker;
    }

    private GatewayProcess bridgedGateway(MosquittoProcess broker, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--mqtt", broker.uri(), "--gateway-id", GW,
                "--spool-dir", dir.resolve("spool").toString()));
        args.addAll(List.of(more));
        return gateway(args.toArray(String[]::new));
    }

    private static JsonNode device(ObserveHttp http, String id) throws Exception {
        for (JsonNode d : http.json("/api/devices")) {
            if (d.get("id").asText().equals(id)) {
                return d;
            }
        }
        return null;
    }

    @Test
    void metrics_moveAsDevicesConnectSendGoIdleAndLeave() throws Exception {
        GatewayProcess gateway = gateway("--idle-timeout", "4s", "--max-line", "128");
        ObserveHttp http = ObserveHttp.of(gateway);
        String before = http.metrics();
        assertThat(ObserveHttp.sample(before, "iotgw_devices_connected")).isZero();
        assertThat(ObserveHttp.sample(before, "iotgw_connections_accepted_total")).isZero();

        try (EchoClient a = new EchoClient(gateway.port()); EchoClient b = new EchoClient(gateway.port())) {
            a.roundTrip("HELLO dev-a\n");
            a.roundTrip("t=1\n");
            a.roundTrip("t=2\n");
            b.roundTrip("HELLO dev-b\n");
            await().atMost(WAIT).untilAsserted(() -> {
                String m = http.metrics();
                assertThat(ObserveHttp.sample(m, "iotgw_devices_connected")).isEqualTo(2);
                assertThat(ObserveHttp.sample(m, "iotgw_connections_accepted_total")).isEqualTo(2);
                assertThat(ObserveHttp.sample(m, "iotgw_received_lines_total")).isEqualTo(4);
                assertThat(ObserveHttp.sample(m, "iotgw_received_bytes_total")).isEqualTo(32);
                assertThat(ObserveHttp.sample(m, "iotgw_sent_bytes_total")).isEqualTo(32);
            });
            JsonNode devA = device(http, "dev-a");
            assertThat(devA.get("named_by").asText()).isEqualTo("hello");
            assertThat(devA.get("lines_in").asLong()).isEqualTo(3);
            assertThat(devA.get("bytes_in").asLong()).isEqualTo(20);
            assertThat(devA.get("bytes_out").asLong()).isEqualTo(20);
            assertThat(devA.get("last_line_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(devA.get("remote").asText()).isEqualTo("127.0.0.1:" + a.socket().getLocalPort());
            assertThat(device(http, "dev-b").get("lines_in").asLong()).isEqualTo(1);

            String overlong = "x".repeat(200) + "\n";
            assertThat(a.roundTrip(overlong)).isEqualTo(overlong);
            await().atMost(WAIT).until(() -> http.sample("iotgw_overlong_lines_total") == 1);

            a.close(); // dev-a leaves
            await().atMost(WAIT).until(() -> http.sample("iotgw_devices_connected") == 1);
            assertThat(device(http, "dev-a")).isNull();

            assertThat(b.closedByGateway()).as("dev-b, silent, is closed after idle-timeout").isTrue();
            await().atMost(WAIT).untilAsserted(() -> {
                String m = http.metrics();
                assertThat(ObserveHttp.sample(m, "iotgw_connections_idle_closed_total")).isGreaterThanOrEqualTo(1);
                assertThat(ObserveHttp.sample(m, "iotgw_devices_connected")).isZero();
            });
        }

        try (EchoClient first = new EchoClient(gateway.port()); EchoClient second = new EchoClient(gateway.port())) {
            first.roundTrip("HELLO dev-c\n");
            second.roundTrip("HELLO dev-c\n");
            await().atMost(WAIT).until(() -> http.sample("iotgw_connections_replaced_total") == 1);
            assertThat(first.closedByGateway()).isTrue();
        }
    }

    @Test
    void withBridge_metricsFollowPublishingAndDownlinks_statsRetained_andPromtoolAccepts() throws Exception {
        MosquittoProcess broker = broker();
        try (MqttSubscriber monitor = new MqttSubscriber(broker.uri(), "iotgw/#")) {
            GatewayProcess gateway = bridgedGateway(broker, "--metrics-devices", "10", "--stats-interval", "1s");
            ObserveHttp http = ObserveHttp.of(gateway);
            try (EchoClient device = new EchoClient(gateway.port())) {
                device.roundTrip("HELLO dev-m\n");
                for (int i = 0; i < 5; i++) {
                    device.roundTrip("t=" + i + "\n");
                }
                await().atMost(WAIT).untilAsserted(() -> {
                    String m = http.metrics();
                    assertThat(ObserveHttp.sample(m, "iotgw_broker_connected")).isEqualTo(1);
                    assertThat(ObserveHttp.sample(m, "iotgw_published_lines_total")).isEqualTo(5);
                    assertThat(ObserveHttp.sample(m, "iotgw_broker_puback_latency_seconds_count")).isEqualTo(5);
                    assertThat(ObserveHttp.sample(m, "iotgw_spool_backlog_lines")).isZero();
                    assertThat(ObserveHttp.sample(m, "iotgw_device_received_lines_total{device=\"dev-m\"}")).isEqualTo(6);
                });

                monitor.publish("iotgw/" + GW + "/dev-m/down", "led on");
                assertThat(device.readText(7)).isEqualTo("led on\n");
                await().atMost(WAIT).until(() -> http.sample("iotgw_downlinks_delivered_total") == 1);
                assertThat(device(http, "dev-m").get("lines_out").asLong()).isEqualTo(1);
                monitor.publish("iotgw/" + GW + "/nobody/down", "x");
                await().atMost(WAIT).until(() -> http.sample("iotgw_downlinks_dropped_total") == 1);

                // the stats go out every second from the broker connection on: wait until one that counts
                // these lines has gone out, so a subscriber arriving after it must get it retained
                String statsTopic = "iotgw/" + GW + "/stats";
                await().atMost(WAIT).until(() -> monitor.on(statsTopic).stream()
                        .anyMatch(s -> s.json().at("/traffic/lines_received").asLong() >= 6));
                try (MqttSubscriber late = new MqttSubscriber(broker.uri(), statsTopic)) {
                    await().atMost(WAIT).until(() -> !late.messages().isEmpty());
                    MqttSubscriber.Message stats = late.messages().get(0);
                    assertThat(stats.retained()).isTrue();
                    assertThat(stats.json().at("/gateway/id").asText()).isEqualTo(GW);
                    assertThat(stats.json().at("/broker/connected").asBoolean()).isTrue();
                    assertThat(stats.json().at("/traffic/lines_received").asLong()).isGreaterThanOrEqualTo(6);
                }

                Tools.Run check = Tools.promtoolCheckMetrics(http.metrics());
                assertThat(check.exitCode()).as(check.output()).isZero();
                assertThat(check.output()).as("promtool finds nothing to say").isBlank();
            }
        }
    }

    @Test
    void grafanaDashboardAndAlertRules_queryOnlyMetricsARealScrapeHas() throws Exception {
        MosquittoProcess broker = broker();
        GatewayProcess gateway = bridgedGateway(broker, "--metrics-devices", "5");
        ObserveHttp http = ObserveHttp.of(gateway);
        try (EchoClient device = new EchoClient(gateway.port())) {
            device.roundTrip("HELLO dev-g\n");
            device.roundTrip("t=1\n");
            await().atMost(WAIT).until(() -> http.sample("iotgw_published_lines_total") == 1);
            Set<String> exposed = new TreeSet<>();
            for (String line : http.metrics().split("\n")) {
                Matcher m = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
                if (!line.startsWith("#") && m.find()) {
                    exposed.add(m.group(1));
                }
            }
            JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/iot-gateway-dashboard.json").toFile());
            Set<String> queried = new TreeSet<>();
            dashboard.findValues("expr").forEach(e -> queried.addAll(metricsIn(e.asText())));
            dashboard.findValues("definition").forEach(e -> queried.addAll(metricsIn(e.asText())));
            assertThat(queried).as("metrics the dashboard queries").hasSizeGreaterThan(15);
            assertThat(exposed).containsAll(queried);

            Set<String> alerted = metricsIn(Files.readString(DEPLOY.resolve("prometheus/iot-gateway-rules.yml")));
            assertThat(alerted).as("metrics the alert rules use").isNotEmpty();
            assertThat(exposed).containsAll(alerted);
        }
    }

    private static Set<String> metricsIn(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(promql);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void prometheusScrapeSampleAndRules_arePrometheusValid() throws Exception {
        Tools.Run check = Tools.run(List.of(Tools.promtool().toString(), "check", "config",
                DEPLOY.resolve("prometheus/prometheus.yml").toString()), null);
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: 1 rule files found");
    }

    @Test
    void http_isReadOnly_refusesWhatItDoesNotServe_andThePageAllowsOnlyItsOwnScripts() throws Exception {
        GatewayProcess gateway = gateway();
        ObserveHttp http = ObserveHttp.of(gateway);

        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'");
        assertThat(page.body()).contains("<script src=\"status.js\" defer></script>").doesNotContain("http://", "https://");
        for (String asset : List.of("/status.js", "/status.css")) {
            HttpResponse<String> r = http.get(asset);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.body().replace("\"http://www.w3.org/2000/svg\"", "")).as(asset + " loads nothing from elsewhere")
                    .doesNotContain("http://", "https://");
        }
        assertThat(http.get("/status.js").body()).doesNotContain("innerHTML");

        HttpResponse<String> metrics = http.get("/metrics");
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");

        HttpResponse<String> post = http.request("POST", "/metrics");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = http.request("HEAD", "/health");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(http.get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(http.get("/%1b%5b2J%00..%2f..%2fetc%2fpasswd").statusCode()).isEqualTo(404);
        assertThat(gateway.output()).noneMatch(l -> l.contains("\u001b") || l.contains("passwd"));

        JsonNode health = http.json("/health");
        assertThat(health.get("status").asText()).isEqualTo("ok");
        assertThat(health.get("broker").isNull()).as("no bridge, no broker").isTrue();
        JsonNode status = http.json("/api/status");
        assertThat(status.get("broker").isNull()).isTrue();
        assertThat(status.get("spool").isNull()).isTrue();
        assertThat(status.at("/gateway/settings/port").asText()).isEqualTo("0");
        assertThat(status.at("/history/lines_received").size()).isEqualTo(600);
    }

    @Test
    void httpPortInUse_exits2NamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            GatewayProcess gateway = GatewayProcess.launch(JAVA, Map.of(), "--port", "0", "--bind", "127.0.0.1",
                    "--http-port", String.valueOf(port));
            closeLast.add(0, gateway);
            assertThat(gateway.awaitExit(WAIT)).isEqualTo(2);
            assertThat(gateway.output()).contains("iot-gateway: http-port " + port
                    + " on 127.0.0.1 is already in use: choose another with --http-port");
        }
    }
}
