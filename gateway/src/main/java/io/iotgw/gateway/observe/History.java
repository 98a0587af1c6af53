package io.iotgw.gateway.observe;

/**
 * Lines per second over the last minutes, kept on the server so that a page opened now shows
 * them at once. Fed once a second with running totals; a second that was missed (a late timer, a
 * pause) gets its share of the difference, so nothing is counted twice or lost.
 *
 * <p>Written by the sampling thread and read by the HTTP threads: every method is synchronized
 * (a few hundred longs, copied under the lock).
 */
final class History {

    /** Per-second counts, oldest first, the last one ending at {@code endSecond} (epoch seconds). */
    record Series(long endSecond, long[] received, long[] published) {
    }

    private final int seconds;
    private final long[] received;
    private final long[] published;
    private long lastSecond = Long.MIN_VALUE;
    private long lastReceived;
    private long lastPublished;

    History(int seconds) {
        if (seconds < 1) {
            throw new IllegalArgumentException("seconds must be at least 1, got " + seconds);
        }
        this.seconds = seconds;
        this.received = new long[seconds];
        this.published = new long[seconds];
    }

    /** Notes the running totals as of {@code epochSecond}. */
    synchronized void sample(long epochSecond, long receivedTotal, long publishedTotal) {
        if (lastSecond == Long.MIN_VALUE) {
            remember(epochSecond, receivedTotal, publishedTotal);
            return;
        }
        long elapsed = epochSecond - lastSecond;
        if (elapsed <= 0) {
            return; // the same second again (or the clock went back): the next sample takes the difference
        }
        long steps = Math.min(elapsed, seconds);
        long dr = Math.max(0, receivedTotal - lastReceived);
        long dp = Math.max(0, publishedTotal - lastPublished);
        for (long s = elapsed - steps; s < elapsed; s++) {
            int slot = slot(lastSecond + s + 1);
            received[slot] = share(dr, elapsed, s);
            published[slot] = share(dp, elapsed, s);
        }
        remember(epochSecond, receivedTotal, publishedTotal);
    }

    synchronized Series series() {
        long[] r = new long[seconds];
        long[] p = new long[seconds];
        if (lastSecond != Long.MIN_VALUE) {
            for (int i = 0; i < seconds; i++) {
                int slot = slot(lastSecond - seconds + 1 + i);
                r[i] = received[slot];
                p[i] = published[slot];
            }
        }
        return new Series(lastSecond == Long.MIN_VALUE ? 0 : lastSecond, r, p);
    }

    private void remember(long epochSecond, long receivedTotal, long publishedTotal) {
        lastSecond = epochSecond;
        lastReceived = receivedTotal;
        lastPublished = publishedTotal;
    }

    /** Second {@code s} (0-based) of {@code elapsed} gets an equal share, the remainder going to the first ones. */
    private static long share(long total, long elapsed, long s) {
        return total / elapsed + (s < total % elapsed ? 1 : 0);
    }

    private int slot(long epochSecond) {
        return (int) Math.floorMod(epochSecond, (long) seconds);
    }
}
