package io.iotgw.gateway.observe;

import io.iotgw.gateway.observe.GatewayView.Broker;
import io.iotgw.gateway.observe.GatewayView.Device;
import io.iotgw.gateway.observe.GatewayView.SpoolStatus;
import io.iotgw.gateway.observe.GatewayView.Traffic;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Every metric the gateway exposes: one table, one row each (name, help, type, source), as
 * {@code config.Settings} is for settings. A source reads a {@link Reading}, taken once per scrape;
 * a row whose part is absent (no bridge: no broker, no spool) is left out of the scrape.
 */
final class MetricsTable {

    enum Type { COUNTER, GAUGE, HISTOGRAM, INFO }

    /**
     * One metric, named as exposed (counters end in {@code _total}).
     *
     * @param snapshot the metric's value in a reading, or null when its part is absent
     */
    record Row(String name, String help, Type type, Function<Reading, MetricSnapshot> snapshot) {
    }

    /** A per-device metric, labelled {@code device}, for the devices named by HELLO that are shown. */
    record DeviceRow(String name, String help, Type type, ToDoubleFunction<Device> value) {
    }

    /** What one scrape reads: every part once, so the rows agree with each other. */
    record Reading(GatewayView.About about, Traffic traffic, Optional<Broker> broker, Optional<SpoolStatus> spool,
                   long authFailures, MetricSnapshot pubackLatency, long nowMillis) {
    }

    static final double[] PUBACK_LATENCY_BOUNDS_SECONDS =
            {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    static final Row PUBACK_LATENCY = new Row("iotgw_broker_puback_latency_seconds",
            "Time from publishing a line to the broker's acknowledgement (PUBACK).", Type.HISTOGRAM,
            r -> r.broker().isPresent() ? r.pubackLatency() : null);

    static final List<Row> ALL = List.of(
            new Row("iotgw_build_info", "The gateway's version.", Type.INFO,
                    r -> InfoSnapshot.builder().name(baseName("iotgw_build_info")).help("The gateway's version.")
                            .dataPoint(InfoDataPointSnapshot.builder().labels(Labels.of("version", r.about().version()))
                                    .build()).build()),
            gauge("iotgw_devices_connected", "Devices (connections) connected now.",
                    traffic(Traffic::devicesConnected)),
            counter("iotgw_connections_accepted_total", "Connections accepted.", traffic(Traffic::accepted)),
            counter("iotgw_connections_refused_total", "Connections refused at max-connections.",
                    traffic(Traffic::refused)),
            counter("iotgw_connections_idle_closed_total", "Connections closed after idle-timeout without data.",
                    traffic(Traffic::idleClosed)),
            counter("iotgw_connections_replaced_total",
                    "Connections closed because a newer one took their device id.", traffic(Traffic::replaced)),
            counter("iotgw_received_lines_total", "Lines received from devices.", traffic(Traffic::linesIn)),
            counter("iotgw_received_bytes_total", "Bytes received from devices.", traffic(Traffic::bytesIn)),
            counter("iotgw_sent_bytes_total", "Bytes written to devices: echoes, replies and downlinks.",
                    traffic(Traffic::bytesOut)),
            counter("iotgw_overlong_lines_total", "Lines longer than max-line: echoed, not taken as messages.",
                    traffic(Traffic::overlongLines)),
            counter("iotgw_echo_withheld_lines_total",
                    "Lines the spool could not take: their echo was withheld and the connection closed.",
                    traffic(Traffic::echoWithheld)),
            counter("iotgw_auth_failures_total", "Connections that failed to prove a device id.",
                    r -> OptionalDouble.of(r.authFailures())),
            gauge("iotgw_broker_connected", "1 while the MQTT broker is connected, else 0.",
                    broker(b -> b.connected() ? 1 : 0)),
            counter("iotgw_broker_reconnects_total", "Broker connections made after a loss.",
                    broker(Broker::reconnects)),
            counter("iotgw_published_lines_total", "Lines published and acknowledged by the broker.",
                    broker(Broker::published)),
            PUBACK_LATENCY,
            counter("iotgw_downlinks_delivered_total", "Downlink messages written to a device.",
                    broker(Broker::downlinksDelivered)),
            counter("iotgw_downlinks_dropped_total", "Downlink messages dropped: their device was not connected.",
                    broker(Broker::downlinksDropped)),
            gauge("iotgw_spool_bytes", "Size of the spool on disk.", spool(SpoolStatus::bytes)),
            gauge("iotgw_spool_max_bytes", "The spool's bound (spool-max-mb).", spool(SpoolStatus::maxBytes)),
            gauge("iotgw_spool_backlog_lines", "Lines spooled and not yet acknowledged by the broker.",
                    spool(SpoolStatus::backlogLines)),
            gauge("iotgw_spool_oldest_age_seconds",
                    "Age of the oldest line not yet acknowledged by the broker; 0 when there is none.",
                    r -> r.spool().map(s -> OptionalDouble.of(s.oldestMillis().isPresent()
                            ? Math.max(0, r.nowMillis() - s.oldestMillis().getAsLong()) / 1000.0 : 0))
                            .orElse(OptionalDouble.empty())),
            counter("iotgw_spool_dropped_lines_total", "Lines dropped unacknowledged because the spool was full.",
                    spool(SpoolStatus::droppedLines)));

    static final List<DeviceRow> DEVICE_ROWS = List.of(
            new DeviceRow("iotgw_device_received_lines_total", "Lines received from the device on its connection.",
                    Type.COUNTER, Device::linesIn),
            new DeviceRow("iotgw_device_received_bytes_total", "Bytes received from the device on its connection.",
                    Type.COUNTER, Device::bytesIn),
            new DeviceRow("iotgw_device_sent_bytes_total", "Bytes written to the device on its connection.",
                    Type.COUNTER, Device::bytesOut),
            new DeviceRow("iotgw_device_downlinks_total", "Downlink lines written to the device on its connection.",
                    Type.COUNTER, Device::linesOut),
            new DeviceRow("iotgw_device_last_line_timestamp_seconds",
                    "When the device's last line arrived (Unix time); 0 before its first.", Type.GAUGE,
                    d -> d.lastLineMillis() / 1000.0));

    private MetricsTable() {
    }

    /** The name the client library takes: without the suffix that the text format adds back. */
    static String baseName(String exposed) {
        for (String suffix : new String[] {"_total", "_info"}) {
            if (exposed.endsWith(suffix)) {
                return exposed.substring(0, exposed.length() - suffix.length());
            }
        }
        return exposed;
    }

    private static Function<Reading, OptionalDouble> traffic(ToDoubleFunction<Traffic> f) {
        return r -> OptionalDouble.of(f.applyAsDouble(r.traffic()));
    }

    private static Function<Reading, OptionalDouble> broker(ToDoubleFunction<Broker> f) {
        return r -> r.broker().map(b -> OptionalDouble.of(f.applyAsDouble(b))).orElse(OptionalDouble.empty());
    }

    private static Function<Reading, OptionalDouble> spool(ToDoubleFunction<SpoolStatus> f) {
        return r -> r.spool().map(s -> OptionalDouble.of(f.applyAsDouble(s))).orElse(OptionalDouble.empty());
    }

    private static Row counter(String name, String help, Function<Reading, OptionalDouble> source) {
        return single(Type.COUNTER, name, help, source);
    }

    private static Row gauge(String name, String help, Function<Reading, OptionalDouble> source) {
        return single(Type.GAUGE, name, help, source);
    }

    private static Row single(Type type, String name, String help, Function<Reading, OptionalDouble> source) {
        return new Row(name, help, type, r -> {
            OptionalDouble v = source.apply(r);
            return v.isEmpty() ? null : snapshot(type, name, help, List.of(new Point(Labels.EMPTY, v.getAsDouble())));
        });
    }

    /** One sample of a counter or gauge. */
    record Point(Labels labels, double value) {
    }

    /** A counter or a gauge with these samples. */
    static MetricSnapshot snapshot(Type type, String name, String help, List<Point> points) {
        if (type == Type.COUNTER) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(baseName(name)).help(help);
            points.forEach(p -> b.dataPoint(CounterDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
            return b.build();
        }
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
        points.forEach(p -> b.dataPoint(GaugeDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build()));
        return b.build();
    }
}
