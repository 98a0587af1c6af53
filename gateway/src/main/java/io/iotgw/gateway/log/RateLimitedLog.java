package io.iotgw.gateway.log;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One kind of log line that a flood must not turn into a flood of lines: the first is written,
 * then at most one per interval, saying how many were held back meanwhile. What is held back is
 * still counted by whoever calls (this class only decides about the log).
 *
 * <p>Safe to call from any thread.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final Level level;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong lastNanos;
    private final AtomicLong heldBack = new AtomicLong();

    public RateLimitedLog(Logger log, Level level, Duration interval, LongSupplier nanoClock) {
        this.log = log;
        this.level = level;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.lastNanos = new AtomicLong(nanoClock.getAsLong() - intervalNanos);
    }

    /** At most one line a minute, on the system's clock. */
    public static RateLimitedLog perMinute(Logger log, Level level) {
        return new RateLimitedLog(log, level, Duration.ofMinutes(1), System::nanoTime);
    }

    /**
     * Logs the message (SLF4J {@code {}} placeholders, an exception last) unless one was logged less
     * than an interval ago; returns whether it did. A line after held-back ones ends with their count.
     */
    public boolean log(String format, Object... args) {
        if (!log.isEnabledForLevel(level)) {
            return false;
        }
        long now = nanoClock.getAsLong();
        long last = lastNanos.get();
        if (now - last < intervalNanos || !lastNanos.compareAndSet(last, now)) {
            heldBack.incrementAndGet();
            return false;
        }
        long held = heldBack.getAndSet(0);
        if (held == 0) {
            write(format, args);
        } else {
            write(format + " ({} more like this held back since the last one)", withCount(args, held));
        }
        return true;
    }

    private void write(String format, Object[] args) {
        switch (level) {
            case ERROR -> log.error(format, args);
            case WARN -> log.warn(format, args);
            case INFO -> log.info(format, args);
            case DEBUG -> log.debug(format, args);
            default -> log.trace(format, args);
        }
    }

    /** The count goes in before a trailing exception, which SLF4J takes as the exception to print. */
    private static Object[] withCount(Object[] args, long held) {
        boolean thrown = args.length > 0 && args[args.length - 1] instanceof Throwable;
        Object[] out = Arrays.copyOf(args, args.length + 1);
        if (thrown) {
            out[args.length - 1] = held;
            out[args.length] = args[args.length - 1];
        } else {
            out[args.length] = held;
        }
        return out;
    }
}
