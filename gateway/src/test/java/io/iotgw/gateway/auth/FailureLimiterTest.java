package io.iotgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailureLimiterTest {

    private final AtomicLong now = new AtomicLong(7_000_000_000L);
    private final FailureLimiter limiter = new FailureLimiter(3, Duration.ofMinutes(1), Duration.ofMinutes(1), 100, now::get);

    private static InetAddress ip(int i) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
    }

    @Test
    void failed_theThirdWithinTheWindow_blocksAndSaysSoOnce() throws Exception {
        assertThat(limiter.failed(ip(1))).isFalse();
        assertThat(limiter.failed(ip(1))).isFalse();
        assertThat(limiter.failed(ip(1))).isTrue();
        assertThat(limiter.blocked(ip(1))).isTrue();
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.failed(ip(1))).as("already blocked").isFalse();
        }
        now.addAndGet(Duration.ofMinutes(1).toNanos() + 1);
        assertThat(limiter.blocked(ip(1))).isFalse();
    }

    @Test
    void aFloodFromManyAddresses_costsBoundedMemory_andTheNewestAreStillTracked() throws Exception {
        for (int i = 0; i < 100_000; i++) {
            limiter.failed(ip(i));
        }
        assertThat(limiter.tracked()).isEqualTo(100);
        InetAddress last = ip(99_999);
        limiter.failed(last);
        assertThat(limiter.failed(last)).isTrue();
    }
}
