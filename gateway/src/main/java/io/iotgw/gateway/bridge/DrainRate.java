package io.iotgw.gateway.bridge;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many spooled lines may be published now: lines as they arrive (live traffic) at once, and a
 * backlog at {@code perSecond} over and above them, so a reconnect does not flood the broker. A
 * token bucket; the publisher thread owns it, the spool's writer adds live lines.
 */
final class DrainRate {

    private final double perNano;
    private final double cap;
    private final AtomicLong live = new AtomicLong();
    private double tokens;
    private long lastNanos;

    DrainRate(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.cap = perSecond + (double) burst;
        this.lastNanos = nowNanos;
    }

    /** Any thread: lines just appended, to be published as they come. */
    void live(int lines) {
        live.addAndGet(lines);
    }

    /** A fresh connection: a full bucket, past live lines forgotten (the backlog holds them). */
    void reset(long nowNanos) {
        tokens = cap;
        live.set(0);
        lastNanos = nowNanos;
    }

    boolean available(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1;
    }

    void take() {
        tokens -= 1;
    }

    /** How long until a token is there. */
    long nanosUntilToken() {
        return tokens >= 1 ? 0 : Math.max(TimeUnit.MILLISECONDS.toNanos(1), (long) ((1 - tokens) / perNano));
    }

    private void refill(long nowNanos) {
        tokens = Math.min(cap, tokens + (nowNanos - lastNanos) * perNano + live.getAndSet(0));
        lastNanos = nowNanos;
    }
}
