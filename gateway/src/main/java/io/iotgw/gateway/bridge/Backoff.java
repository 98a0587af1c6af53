package io.iotgw.gateway.bridge;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Full-jitter exponential backoff: the n-th wait is uniform in [0, min(cap, base * 2^n)), so many
 * gateways that lost one broker do not all knock again at the same moment.
 */
final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    /** Given a bound, a uniform random number in [0, bound). */
    private final LongUnaryOperator random;
    private int attempt;

    Backoff(Duration base, Duration cap, LongUnaryOperator random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    Duration next() {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 30));
        attempt++;
        return Duration.ofMillis(random.applyAsLong(Math.max(1, ceiling)));
    }

    void reset() {
        attempt = 0;
    }
}
