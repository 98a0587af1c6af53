package io.iotgw.piclient.link;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/** Full-jitter exponential backoff: the n-th wait is uniform in [0, min(cap, base * 2^n)). */
public final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final LongUnaryOperator random;
    private int attempt;

    /** @param random given a bound, a uniform random number in [0, bound) */
    public Backoff(Duration base, Duration cap, LongUnaryOperator random) {
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    public Duration next() {
        long ceiling = Math.min(capMillis, baseMillis << Math.min(attempt, 30));
        attempt++;
        return Duration.ofMillis(random.applyAsLong(Math.max(1, ceiling)));
    }

    public void reset() {
        attempt = 0;
    }

    public Duration cap() {
        return Duration.ofMillis(capMillis);
    }
}
