package io.iotgw.gateway.echo;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the connections open at once. A refusal is counted; it is logged the first time and then
 * at most once a minute, with the count, so a flood cannot flood the log too.
 */
public final class ConnectionLimiter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimiter.class);
    static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int maxConnections;
    private final GatewayStats stats;
    private final LongSupplier nanoClock;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastWarnNanos;

    public ConnectionLimiter(int maxConnections, GatewayStats stats, LongSupplier nanoClock) {
        this.maxConnections = maxConnections;
        this.stats = stats;
        this.nanoClock = nanoClock;
        this.lastWarnNanos = new AtomicLong(nanoClock.getAsLong() - WARN_INTERVAL_NANOS);
    }

    /** Takes a place for a new connection; false (counted, maybe logged) when all are taken. */
    public boolean tryAcquire() {
        if (open.incrementAndGet() <= maxConnections) {
            return true;
        }
        open.decrementAndGet();
        stats.refused.increment();
        long now = nanoClock.getAsLong();
        long last = lastWarnNanos.get();
        if (now - last >= WARN_INTERVAL_NANOS && lastWarnNanos.compareAndSet(last, now)) {
            log.warn("connection limit of {} reached (max-connections): refusing new clients; {} refused so far",
                    maxConnections, stats.refused());
        }
        return false;
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
