package io.iotgw.gateway.bench.fleet;

import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The fleet's counters, updated from every event loop, and its outage clock: an outage begins when
 * the online count falls below the fleet's size (after all were online) and ends when every device
 * is online again; each end is queued as an event line for the reporter to print.
 */
final class FleetStats {

    private static final long NONE = Long.MIN_VALUE;

    final LongAdder readings = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder echoed = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder mismatches = new LongAdder();
    final LongAdder discarded = new LongAdder();
    final LongAdder moves = new LongAdder();

    private final int devices;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private final AtomicInteger online = new AtomicInteger();
    private final AtomicIntegerArray onlinePerGateway;
    private final AtomicLong outageSince = new AtomicLong(NONE);
    private final AtomicLong firstBackSince = new AtomicLong(NONE);
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong firstAllOnlineNanos = new AtomicLong(NONE);
    private final AtomicLong lastRecoveryNanos = new AtomicLong(NONE);
    private final Queue<String> events = new ConcurrentLinkedQueue<>();

    FleetStats(int devices, int gateways, LongSupplier nanoClock) {
        this.devices = devices;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        this.onlinePerGateway = new AtomicIntegerArray(gateways);
    }

    void online(int gateway) {
        onlinePerGateway.incrementAndGet(gateway);
        long now = nanoClock.getAsLong();
        if (outageSince.get() != NONE) {
            firstBackSince.compareAndSet(NONE, now);
        }
        if (online.incrementAndGet() != devices) {
            return;
        }
        if (firstAllOnlineNanos.compareAndSet(NONE, now - startNanos)) {
            events.add("report=all_online t_s=" + seconds(now - startNanos) + " after_ms=" + millis(now - startNanos));
        }
        long since = outageSince.getAndSet(NONE);
        if (since != NONE) {
            long back = firstBackSince.getAndSet(NONE);
            lastRecoveryNanos.set(now - since);
            events.add("report=recovered t_s=" + seconds(now - startNanos) + " outage=" + outages.get() + " outage_ms="
                    + millis(now - since) + " after_first_back_ms=" + millis(back == NONE ? 0 : now - back));
        }
    }

    void offline(int gateway) {
        onlinePerGateway.decrementAndGet(gateway);
        if (online.getAndDecrement() == devices) {
            outages.incrementAndGet();
            outageSince.set(nanoClock.getAsLong());
        }
    }

    void moved(int from, int to) {
        onlinePerGateway.decrementAndGet(from);
        onlinePerGateway.incrementAndGet(to);
        moves.increment();
    }

    int online() {
        return online.get();
    }

    int onlineAt(int gateway) {
        return onlinePerGateway.get(gateway);
    }

    /** Event lines not printed yet, oldest first; null when there are none. */
    String nextEvent() {
        return events.poll();
    }

    /** One line of {@code key=value} pairs: every counter, as of now. */
    String line(String report) {
        long now = nanoClock.getAsLong();
        StringBuilder perGateway = new StringBuilder();
        for (int i = 0; i < onlinePerGateway.length(); i++) {
            perGateway.append(i == 0 ? "" : ",").append(onlinePerGateway.get(i));
        }
        long r = readings.sum();
        long e = echoed.sum();
        long l = lost.sum();
        return "report=" + report + " t_s=" + seconds(now - startNanos) + " devices=" + devices + " online=" + online.get()
                + " online_per_gateway=" + perGateway + " readings=" + r + " sent=" + sent.sum() + " echoed=" + e
                + " resent=" + resent.sum() + " lost=" + l + " queued=" + (r - e - l) + " connects=" + connects.sum()
                + " connect_failures=" + connectFailures.sum() + " moves=" + moves.sum() + " mismatches="
                + mismatches.sum() + " discarded=" + discarded.sum() + " outages=" + outages.get()
                + " first_all_online_ms=" + millisOrNone(firstAllOnlineNanos.get()) + " last_recovery_ms="
                + millisOrNone(lastRecoveryNanos.get());
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static long millisOrNone(long nanos) {
        return nanos == NONE ? -1 : millis(nanos);
    }
}
