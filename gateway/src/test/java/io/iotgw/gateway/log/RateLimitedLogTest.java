package io.iotgw.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class RateLimitedLogTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final LogCapture capture = LogCapture.of(RateLimitedLogTest.class);
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(RateLimitedLogTest.class), Level.WARN,
            Duration.ofSeconds(10), now::get);

    @AfterEach
    void detach() {
        capture.close();
    }

    @Test
    void log_tenThousandInABurst_writesOneLine() {
        for (int i = 0; i < 10_000; i++) {
            log.log("dropped {}", i);
        }
        assertThat(capture.messages()).containsExactly("dropped 0");
    }

    @Test
    void log_afterTheInterval_writesAgain_withHowManyWereHeldBack() {
        assertThat(log.log("dropped {}", 1)).isTrue();
        assertThat(log.log("dropped {}", 2)).isFalse();
        assertThat(log.log("dropped {}", 3)).isFalse();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(log.log("dropped {}", 4)).isTrue();
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertThat(log.log("dropped {}", 5)).isTrue();
        assertThat(capture.messages()).containsExactly("dropped 1",
                "dropped 4 (2 more like this held back since the last one)", "dropped 5");
    }

    @Test
    void log_withAnException_keepsItAsTheException() {
        log.log("failed {}", "x", new IOException("boom"));
        log.log("failed {}", "y", new IOException("boom"));
        now.addAndGet(Duration.ofSeconds(11).toNanos());
        log.log("failed {}", "z", new IOException("bang"));
        assertThat(capture.messages()).containsExactly("failed x",
                "failed z (1 more like this held back since the last one)");
        assertThat(capture.events().get(1).getThrowableProxy().getMessage()).isEqualTo("bang");
    }

    @Test
    void log_atTheLevelGiven() {
        log.log("x");
        assertThat(capture.events().get(0).getLevel().toString()).isEqualTo("WARN");
    }
}
