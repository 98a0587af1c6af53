package io.iotgw.gateway.device;

import io.iotgw.gateway.log.RateLimitedLog;
import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The memory that all connections' unfinished lines hold together, bounded: each connection may
 * hold up to max-line of a line it has not finished, but thousands of them doing so at once must
 * not exhaust the gateway. Past the bound, the connections holding the most are closed (counted,
 * logged at a bounded rate) until a quarter of it is free again. Any event loop.
 */
final class UnfinishedLines {

    private static final Logger log = LoggerFactory.getLogger(UnfinishedLines.class);
    private static final long SWEEP_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long maxBytes;
    private final ChannelGroup clients;
    private final GatewayStats stats;
    private final AtomicLong held = new AtomicLong();
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicLong lastSweepNanos = new AtomicLong(System.nanoTime() - SWEEP_GAP_NANOS);
    private final RateLimitedLog closeLog = RateLimitedLog.perMinute(log, Level.WARN);

    UnfinishedLines(long maxBytes, ChannelGroup clients, GatewayStats stats) {
        this.maxBytes = maxBytes;
        this.clients = clients;
        this.stats = stats;
    }

    /** A connection now holds {@code bytes} of an unfinished line (on its event loop). */
    void holds(DeviceSession session, int bytes) {
        int delta = bytes - session.unfinishedBytes;
        if (delta == 0) {
            return;
        }
        session.unfinishedBytes = bytes;
        if (held.addAndGet(delta) > maxBytes && delta > 0) {
            sweep();
        }
    }

    long held() {
        return held.get();
    }

    private void sweep() {
        long now = System.nanoTime();
        long last = lastSweepNanos.get();
        if (now - last < SWEEP_GAP_NANOS || !lastSweepNanos.compareAndSet(last, now) || !sweeping.compareAndSet(false, true)) {
            return;
        }
        try {
            List<DeviceSession> holders = new ArrayList<>();
            for (Channel ch : clients) {
                DeviceSession s = DeviceSession.of(ch);
                if (s != null && ch.isActive() && s.unfinishedBytes > 0) {
                    holders.add(s);
                }
            }
            holders.sort(Comparator.comparingInt((DeviceSession s) -> s.unfinishedBytes).reversed());
            long left = held.get();
            long target = maxBytes - maxBytes / 4;
            for (DeviceSession s : holders) {
                if (left <= target) {
                    break;
                }
                left -= s.unfinishedBytes;
                stats.unfinishedClosed.increment();
                closeLog.log("unfinished lines hold more than {} bytes together (max-unfinished): closing device {}, "
                        + "which holds {} bytes of a line it has not finished", maxBytes, s.deviceId(), s.unfinishedBytes);
                s.channel().close();
            }
        } finally {
            sweeping.set(false);
        }
    }
}
