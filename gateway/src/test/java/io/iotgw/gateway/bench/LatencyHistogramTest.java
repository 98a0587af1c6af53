package io.iotgw.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentile_uniformSamples_isWithinTheBucketResolution() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v);
        }
        assertThat(h.count()).isEqualTo(100_000);
        assertThat((double) h.percentile(0.50)).isCloseTo(50_000, within(50_000 * 0.04));
        assertThat((double) h.percentile(0.99)).isCloseTo(99_000, within(99_000 * 0.04));
        assertThat((double) h.max()).isCloseTo(100_000, within(100_000 * 0.04));
    }

    @Test
    void percentile_smallValues_areExact() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(3);
        h.record(3);
        h.record(7);
        assertThat(h.percentile(0.5)).isEqualTo(3);
        assertThat(h.max()).isEqualTo(7);
    }

    @Test
    void index_everyValue_fallsInABucketThatHoldsIt() {
        for (long v = 0; v < 1_000_000; v += 7) {
            int i = LatencyHistogram.index(v);
            assertThat(LatencyHistogram.upperBound(i)).isGreaterThanOrEqualTo(v);
            assertThat(i == 0 || LatencyHistogram.upperBound(i - 1) < v).as("bucket of %d", v).isTrue();
        }
        assertThat(LatencyHistogram.index(Long.MAX_VALUE / 2)).isGreaterThan(0);
    }

    @Test
    void percentile_empty_isZero() {
        assertThat(new LatencyHistogram().percentile(0.99)).isZero();
    }
}
