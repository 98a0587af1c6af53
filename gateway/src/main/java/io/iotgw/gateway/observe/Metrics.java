package io.iotgw.gateway.observe;

import io.iotgw.gateway.observe.GatewayView.Device;
import io.iotgw.gateway.observe.MetricsTable.DeviceRow;
import io.iotgw.gateway.observe.MetricsTable.Reading;
import io.iotgw.gateway.observe.MetricsTable.Row;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code /metrics} document in the Prometheus text format: the rows of {@link MetricsTable}
 * read from the view, per-device series when asked for, and the JVM's own metrics. Nothing is
 * counted here: every value is read from the parts' counters when scraped. Thread-safe: each
 * scrape takes its own reading.
 */
final class Metrics {

    private final GatewayView view;
    private final Meters meters;
    private final int deviceSeries;
    private final LongSupplier clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.builder()
            .setIncludeCreatedTimestamps(false).build();

    /**
     * @param deviceSeries per-device series for at most this many devices named by HELLO (an
     *                     address name changes with every connection: it would make series without end)
     * @param clock        epoch milliseconds
     */
    Metrics(GatewayView view, Meters meters, int deviceSeries, LongSupplier clock) {
        this.view = view;
        this.meters = meters;
        this.deviceSeries = deviceSeries;
        this.clock = clock;
        registry.register((MultiCollector) this::collect);
        JvmMetrics.builder().register(registry);
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    MetricSnapshots collect() {
        Reading reading = new Reading(view.about(), view.traffic(), view.broker(), view.spool(),
                meters.authFailures(), meters.pubackLatency(), clock.getAsLong());
        List<MetricSnapshot> snapshots = new ArrayList<>(MetricsTable.ALL.size() + MetricsTable.DEVICE_ROWS.size());
        for (Row row : MetricsTable.ALL) {
            MetricSnapshot s = row.snapshot().apply(reading);
            if (s != null) {
                snapshots.add(s);
            }
        }
        if (deviceSeries > 0) {
            addDeviceSeries(snapshots);
        }
        return new MetricSnapshots(snapshots);
    }

    private void addDeviceSeries(List<MetricSnapshot> snapshots) {
        List<Device> shown = view.devices().stream().filter(Device::helloNamed)
                .sorted(Comparator.comparing(Device::id)).limit(deviceSeries).toList();
        if (shown.isEmpty()) {
            return;
        }
        for (DeviceRow row : MetricsTable.DEVICE_ROWS) {
            snapshots.add(MetricsTable.snapshot(row.type(), row.name(), row.help(), shown.stream()
                    .map(d -> new MetricsTable.Point(Labels.of("device", d.id()), row.value().applyAsDouble(d)))
                    .toList()));
        }
    }
}
