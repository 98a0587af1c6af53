package io.iotgw.gateway.observe;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the gateway's parts report as it happens, for the few metrics no counter of theirs can
 * answer later: how long the broker took to acknowledge. Everything else (failed proofs of
 * identity too) is read from the parts' own counters at scrape time. Thread-safe and cheap enough to call
 * per line: a striped add, no lock, no lookup, no label.
 */
public final class Meters {

    private final Histogram pubackLatency = Histogram.builder()
            .name(MetricsTable.baseName(MetricsTable.PUBACK_LATENCY.name()))
            .help(MetricsTable.PUBACK_LATENCY.help())
            .classicOnly()
            .classicUpperBounds(MetricsTable.PUBACK_LATENCY_BOUNDS_SECONDS)
            .withoutExemplars()
            .build();
    private final LongSupplier authFailures;

    /** Without device authentication: no failures to count. */
    public Meters() {
        this(() -> 0);
    }

    /** @param authFailures connections that failed to prove a device id so far (the authenticator counts them) */
    public Meters(LongSupplier authFailures) {
        this.authFailures = authFailures;
    }

    /** The publisher calls this for each line the broker acknowledged: nanoseconds from publish to PUBACK. */
    public void observePubackLatency(long nanos) {
        pubackLatency.observe(nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }

    public long authFailures() {
        return authFailures.getAsLong();
    }

    HistogramSnapshot pubackLatency() {
        return pubackLatency.collect();
    }
}
