package io.iotgw.gateway.device;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the gateway served and what it turned away, for the logs and the metrics. Thread-safe:
 * event loops add (per read, not per byte), anyone reads.
 */
public final class GatewayStats {

    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder replaced = new LongAdder();
    final LongAdder overlongLines = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder lines = new LongAdder();
    final LongAdder withheld = new LongAdder();
    final LongAdder unfinishedClosed = new LongAdder();

    public long accepted() {
        return accepted.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public long idleClosed() {
        return idleClosed.sum();
    }

    public long replaced() {
        return replaced.sum();
    }

    public long overlongLines() {
        return overlongLines.sum();
    }

    /** Lines the spool could not keep (a full disk, an I/O error): their echo was withheld. */
    public long withheld() {
        return withheld.sum();
    }

    /** Connections closed because unfinished lines, all together, held too much memory. */
    public long unfinishedClosed() {
        return unfinishedClosed.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Bytes written to devices: echoes, fixed replies and downlinks. */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Lines received, where lines are framed (with a consumer of messages, --debug, or the HTTP side on). */
    public long lines() {
        return lines.sum();
    }

    @Override
    public String toString() {
        return count(accepted(), "connection") + " served, " + count(bytesIn(), "byte") + " received, "
                + refused() + " refused at the connection limit, " + idleClosed() + " closed idle, " + replaced()
                + " replaced by a newer connection, " + count(overlongLines(), "over-long line") + ", "
                + count(withheld(), "line") + " withheld (the spool could not keep them), " + unfinishedClosed()
                + " closed for holding too much of unfinished lines";
    }

    /** "1 line", "2 lines". */
    public static String count(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }
}
