package io.iotgw.gateway.device;

import io.iotgw.gateway.log.RateLimitedLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Caps the connections open at once. A refusal is counted; it is logged the first time and then
 * at most once a minute, with the count, so a flood cannot flood the log too.
 */
public final class ConnectionLimiter {

    static final Duration WARN_INTERVAL = Duration.ofMinutes(1);

    private final int maxConnections;
    private final GatewayStats stats;
    private final AtomicInteger open = new AtomicInteger();
    private final RateLimitedLog refusals;

    public ConnectionLimiter(int maxConnections, GatewayStats stats, LongSupplier nanoClock) {
        this.maxConnections = maxConnections;
        this.stats = stats;
        this.refusals = new RateLimitedLog(LoggerFactory.getLogger(ConnectionLimiter.class), Level.WARN, WARN_INTERVAL,
                nanoClock);
    }

    /** Takes a place for a new connection; false (counted, maybe logged) when all are taken. */
    public boolean tryAcquire() {
        if (open.incrementAndGet() <= maxConnections) {
            return true;
        }
        open.decrementAndGet();
        stats.refused.increment();
        refusals.log("connection limit of {} reached (max-connections): refusing new clients; {} refused so far",
                maxConnections, stats.refused());
        return false;
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
