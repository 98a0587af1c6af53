package io.iotgw.gateway.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in microseconds, in log-linear buckets (32 per power of two, so about 3% resolution),
 * in constant memory however many samples it takes. Safe to record from several threads.
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = 2 * SUB + 58 * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long micros) {
        counts.incrementAndGet(index(Math.max(0, micros)));
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The smallest bucket bound that at least {@code fraction} of the samples do not exceed. */
    long percentile(double fraction) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long wanted = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= wanted) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    long max() {
        for (int i = BUCKETS - 1; i >= 0; i--) {
            if (counts.get(i) > 0) {
                return upperBound(i);
            }
        }
        return 0;
    }

    static int index(long value) {
        if (value < 2 * SUB) {
            return (int) value;
        }
        int shift = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS;
        return (int) (SUB + shift * SUB + ((value >>> shift) - SUB));
    }

    static long upperBound(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = (index - SUB) / SUB;
        long sub = SUB + (index - SUB) % SUB;
        return ((sub + 1) << shift) - 1;
    }
}
