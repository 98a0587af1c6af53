package io.iotgw.gateway.echo;

import java.util.concurrent.atomic.LongAdder;

/** Counters an operator reads in the logs: what the gateway served and what it turned away. */
public final class GatewayStats {

    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder idleClosed = new LongAdder();
    final LongAdder replaced = new LongAdder();
    final LongAdder overlongLines = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder unsaved = new LongAdder();

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

    /** Lines that could not be spooled (disk full, I/O error), whose echo was therefore withheld. */
    public long unsaved() {
        return unsaved.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    @Override
    public String toString() {
        return accepted() + " connections served, " + bytesIn() + " bytes received, " + refused()
                + " refused at the connection limit, " + idleClosed() + " closed idle, " + replaced()
                + " replaced by a newer connection, " + overlongLines() + " over-long lines, " + unsaved()
                + " lines not kept (spool failure)";
    }
}
