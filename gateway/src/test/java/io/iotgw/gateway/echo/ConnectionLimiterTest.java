package io.iotgw.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final GatewayStats stats = new GatewayStats();
    private final ConnectionLimiter limiter = new ConnectionLimiter(2, stats, now::get);

    @Test
    void tryAcquire_upToTheLimit_succeeds_thenRefusesAndCounts() {
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(limiter.tryAcquire()).isFalse();
        assertThat(stats.refused()).isEqualTo(2);
        assertThat(limiter.open()).isEqualTo(2);
    }

    @Test
    void release_makesRoomAgain() {
        limiter.tryAcquire();
        limiter.tryAcquire();
        limiter.release();
        assertThat(limiter.tryAcquire()).isTrue();
        assertThat(limiter.open()).isEqualTo(2);
    }

    @Test
    void refusals_overAMinute_keepCounting() {
        limiter.tryAcquire();
        limiter.tryAcquire();
        for (int i = 0; i < 100; i++) {
            now.addAndGet(ConnectionLimiter.WARN_INTERVAL_NANOS / 10);
            assertThat(limiter.tryAcquire()).isFalse();
        }
        assertThat(stats.refused()).isEqualTo(100);
    }
}
