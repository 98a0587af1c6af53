package io.iotgw.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.observe.GatewayView.Traffic;
import io.iotgw.gateway.observe.MetricsTable.Row;
import io.iotgw.gateway.observe.MetricsTable.Type;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The /metrics document from a view whose counters the test sets. */
class MetricsTest {

    private static final long NOW = 2_000_000L;
    private final FakeView view = new FakeView();
    private final java.util.concurrent.atomic.AtomicLong authFailures = new java.util.concurrent.atomic.AtomicLong();
    private final Meters meters = new Meters(authFailures::get);

    private String scrape(int deviceSeries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Metrics(view, meters, deviceSeries, () -> NOW).write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The value of one unlabelled sample line, e.g. {@code iotgw_devices_connected 3.0}. */
    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(text);
        assertThat(m.find()).as("a sample of %s in%n%s", series, text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void table_namesFollowPrometheusConventions_andAreUnique() {
        Set<String> names = new HashSet<>();
        Stream.concat(MetricsTable.ALL.stream().map(r -> new Object[] {r.name(), r.type(), r.help()}),
                MetricsTable.DEVICE_ROWS.stream().map(r -> new Object[] {r.name(), r.type(), r.help()})).forEach(row -> {
                    String name = (String) row[0];
                    assertThat(names.add(name)).as("unique: %s", name).isTrue();
                    assertThat(name).matches("iotgw_[a-z_]+[a-z]");
                    assertThat(name.endsWith("_total")).as("counters, and only counters, end in _total: %s", name)
                            .isEqualTo(row[1] == Type.COUNTER);
                    assertThat((String) row[2]).as("help of %s", name).isNotBlank().endsWith(".");
                });
    }

    @Test
    void scrape_everyRowWithItsHelpAndType_andTheJvmsMemory() throws Exception {
        view.withBridge(true, 3, OptionalLong.of(NOW - 1000));
        String text = scrape(0);
        for (Row row : MetricsTable.ALL) {
            String type = row.type() == Type.INFO ? "gauge" : row.type().name().toLowerCase();
            assertThat(text).contains("# HELP " + row.name() + " " + row.help() + "\n")
                    .contains("# TYPE " + row.name() + " " + type + "\n");
        }
        assertThat(text).contains("jvm_memory_used_bytes{area=\"heap\"}").contains("iotgw_build_info{version=\"1.2.3\"} 1");
    }

    @Test
    void scrape_readsTheViewsCountersAsTheyAreNow() throws Exception {
        view.traffic = new Traffic(3, 10, 2, 1, 4, 500, 6400, 6500, 7, 8);
        authFailures.set(1);
        String text = scrape(0);
        assertThat(value(text, "iotgw_devices_connected")).isEqualTo(3);
        assertThat(value(text, "iotgw_connections_accepted_total")).isEqualTo(10);
        assertThat(value(text, "iotgw_connections_refused_total")).isEqualTo(2);
        assertThat(value(text, "iotgw_connections_idle_closed_total")).isEqualTo(1);
        assertThat(value(text, "iotgw_connections_replaced_total")).isEqualTo(4);
        assertThat(value(text, "iotgw_received_lines_total")).isEqualTo(500);
        assertThat(value(text, "iotgw_received_bytes_total")).isEqualTo(6400);
        assertThat(value(text, "iotgw_sent_bytes_total")).isEqualTo(6500);
        assertThat(value(text, "iotgw_overlong_lines_total")).isEqualTo(7);
        assertThat(value(text, "iotgw_echo_withheld_lines_total")).isEqualTo(8);
        assertThat(value(text, "iotgw_auth_failures_total")).isEqualTo(1);

        view.traffic = new Traffic(0, 11, 2, 1, 4, 501, 6401, 6501, 7, 8);
        String later = scrape(0);
        assertThat(value(later, "iotgw_devices_connected")).isZero();
        assertThat(value(later, "iotgw_received_lines_total")).isEqualTo(501);
    }

    @Test
    void scrape_withoutBridge_leavesOutBrokerAndSpool() throws Exception {
        String text = scrape(0);
        assertThat(text).doesNotContain("iotgw_broker_").doesNotContain("iotgw_spool_")
                .doesNotContain("iotgw_published_lines_total").doesNotContain("iotgw_downlinks_");
    }

    @Test
    void scrape_withBridge_brokerAndSpoolAsTheyAre() throws Exception {
        view.withBridge(false, 12, OptionalLong.of(NOW - 4500));
        String text = scrape(0);
        assertThat(value(text, "iotgw_broker_connected")).isZero();
        assertThat(value(text, "iotgw_broker_reconnects_total")).isEqualTo(2);
        assertThat(value(text, "iotgw_published_lines_total")).isEqualTo(40);
        assertThat(value(text, "iotgw_downlinks_delivered_total")).isEqualTo(3);
        assertThat(value(text, "iotgw_downlinks_dropped_total")).isEqualTo(1);
        assertThat(value(text, "iotgw_spool_backlog_lines")).isEqualTo(12);
        assertThat(value(text, "iotgw_spool_oldest_age_seconds")).isEqualTo(4.5);
        assertThat(value(text, "iotgw_spool_bytes")).isEqualTo(4096);
        assertThat(value(text, "iotgw_spool_max_bytes")).isEqualTo(64 << 20);
        assertThat(value(text, "iotgw_spool_dropped_lines_total")).isEqualTo(5);

        view.withBridge(true, 0, OptionalLong.empty());
        String connected = scrape(0);
        assertThat(value(connected, "iotgw_broker_connected")).isEqualTo(1);
        assertThat(value(connected, "iotgw_spool_oldest_age_seconds")).isZero();
    }

    @Test
    void pubackLatency_isAHistogramInSeconds() throws Exception {
        view.withBridge(true, 0, OptionalLong.empty());
        meters.observePubackLatency(TimeUnit.MICROSECONDS.toNanos(700));
        meters.observePubackLatency(TimeUnit.MILLISECONDS.toNanos(20));
        meters.observePubackLatency(TimeUnit.SECONDS.toNanos(3));
        String text = scrape(0);
        assertThat(value(text, "iotgw_broker_puback_latency_seconds_count")).isEqualTo(3);
        assertThat(value(text, "iotgw_broker_puback_latency_seconds_sum")).isCloseTo(3.0207, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(value(text, "iotgw_broker_puback_latency_seconds_bucket{le=\"0.001\"}")).isEqualTo(1);
        assertThat(value(text, "iotgw_broker_puback_latency_seconds_bucket{le=\"0.025\"}")).isEqualTo(2);
        assertThat(value(text, "iotgw_broker_puback_latency_seconds_bucket{le=\"2.5\"}")).isEqualTo(2);
        assertThat(value(text, "iotgw_broker_puback_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(3);
    }

    @Test
    void deviceSeries_offByDefault() throws Exception {
        view.devices.add(FakeView.device("esp32-01", true, 5, NOW));
        assertThat(scrape(0)).doesNotContain("iotgw_device_");
    }

    @Test
    void deviceSeries_onlyHelloNamedDevices_atMostTheLimit_byId() throws Exception {
        view.devices.addAll(List.of(FakeView.device("c-dev", true, 3, NOW), FakeView.device("a-dev", true, 1, 1_500_000L),
                FakeView.device("10.0.0.7-40000", false, 9, NOW), FakeView.device("b-dev", true, 2, 0)));
        String text = scrape(2);
        assertThat(value(text, "iotgw_device_received_lines_total{device=\"a-dev\"}")).isEqualTo(1);
        assertThat(value(text, "iotgw_device_received_lines_total{device=\"b-dev\"}")).isEqualTo(2);
        assertThat(value(text, "iotgw_device_received_bytes_total{device=\"a-dev\"}")).isEqualTo(10);
        assertThat(value(text, "iotgw_device_last_line_timestamp_seconds{device=\"a-dev\"}")).isEqualTo(1500);
        assertThat(value(text, "iotgw_device_last_line_timestamp_seconds{device=\"b-dev\"}")).isZero();
        assertThat(text).doesNotContain("c-dev").doesNotContain("10.0.0.7-40000");
    }

    @Test
    void deviceSeries_hostileId_isEscapedInTheLabel() throws Exception {
        view.devices.add(FakeView.device("evil\"} 1\nfake_metric{x=\"\\", true, 1, NOW));
        String text = scrape(5);
        assertThat(text).doesNotContain("\nfake_metric");
        assertThat(text).contains("device=\"evil\\\"} 1\\nfake_metric{x=\\\"\\\\\"}");
    }
}
