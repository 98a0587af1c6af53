package io.iotgw.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void next_growsExponentiallyUpToTheCap_asTheBoundOfAFullJitter() {
        List<Long> bounds = new ArrayList<>();
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), bound -> {
            bounds.add(bound);
            return bound - 1; // the largest wait the jitter can give
        });
        for (int i = 0; i < 12; i++) {
            backoff.next();
        }
        assertThat(bounds).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L,
                30000L, 30000L, 30000L);
    }

    @Test
    void next_isJitteredWithinItsBound() {
        Random random = new Random(1);
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30),
                bound -> (long) (random.nextDouble() * bound));
        for (int i = 0; i < 1000; i++) {
            assertThat(backoff.next()).isBetween(Duration.ZERO, Duration.ofSeconds(30));
        }
    }

    @Test
    void reset_startsOverAtTheBase() {
        List<Long> bounds = new ArrayList<>();
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), bound -> {
            bounds.add(bound);
            return 0;
        });
        backoff.next();
        backoff.next();
        backoff.reset();
        backoff.next();
        assertThat(bounds).containsExactly(500L, 1000L, 500L);
    }
}
