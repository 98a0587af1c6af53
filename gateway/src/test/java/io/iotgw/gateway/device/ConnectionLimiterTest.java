package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.log.LogCapture;
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
            now.addAndGet(ConnectionLimiter.WARN_INTERVAL.toNanos() / 10);
            assertThat(limiter.tryAcquire()).isFalse();
        }
        assertThat(stats.refused()).isEqualTo(100);
    }

    @Test
    void refusals_inAFlood_areLoggedOnceAMinute_withTheCount() {
        limiter.tryAcquire();
        limiter.tryAcquire();
        try (LogCapture log = LogCapture.of(ConnectionLimiter.class)) {
            for (int i = 0; i < 1000; i++) {
                now.addAndGet(ConnectionLimiter.WARN_INTERVAL.toNanos() / 500);
                limiter.tryAcquire();
            }
            assertThat(log.messages()).hasSize(2);
            assertThat(log.messages().get(1)).contains("501 refused so far").contains("499 more like this held back");
        }
    }
}
