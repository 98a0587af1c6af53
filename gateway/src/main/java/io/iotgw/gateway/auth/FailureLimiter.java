package io.iotgw.gateway.auth;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts failed proofs per source address; an address with {@code maxFailures} within a window is
 * blocked for {@code blockFor}, during which its attempts are refused at once, before any hashing.
 * Remembers at most {@code maxSources} addresses (the least recently seen are forgotten first), so
 * a flood from many addresses costs bounded memory.
 *
 * <p>Called from event loops and the verification threads: every method holds the monitor briefly.
 */
final class FailureLimiter {

    private static final class Source {
        long windowStartNanos;
        int failures;
        long blockedUntilNanos;
    }

    private final int maxFailures;
    private final long windowNanos;
    private final long blockNanos;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Source> sources;

    FailureLimiter(int maxFailures, Duration window, Duration blockFor, int maxSources, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.blockNanos = blockFor.toNanos();
        this.nanoClock = nanoClock;
        this.sources = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Source> eldest) {
                return size() > maxSources;
            }
        };
    }

    synchronized boolean blocked(InetAddress address) {
        Source s = sources.get(address);
        return s != null && s.blockedUntilNanos - nanoClock.getAsLong() > 0;
    }

    /** Notes a failure; true when it is the one that blocks the address. */
    synchronized boolean failed(InetAddress address) {
        long now = nanoClock.getAsLong();
        Source s = sources.computeIfAbsent(address, a -> new Source());
        if (s.failures == 0 || now - s.windowStartNanos > windowNanos) {
            s.windowStartNanos = now;
            s.failures = 0;
        }
        s.failures++;
        if (s.failures >= maxFailures && !(s.blockedUntilNanos - now > 0)) {
            s.blockedUntilNanos = now + blockNanos;
            s.failures = 0;
            return true;
        }
        return false;
    }

    synchronized int tracked() {
        return sources.size();
    }
}
