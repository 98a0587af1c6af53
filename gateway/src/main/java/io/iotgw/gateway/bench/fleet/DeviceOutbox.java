package io.iotgw.gateway.bench.fleet;

import java.util.ArrayList;
import java.util.List;

/**
 * A virtual device's outbox, with the firmware's rules: the oldest {@link #inFlight()} lines await
 * their echo, the rest are unsent; a full outbox drops its oldest unsent line (never one in flight,
 * counted as lost); a line leaves only with its echo; after a reconnect the unechoed lines go again
 * (counted as resent). Owned by the device's event loop.
 */
final class DeviceOutbox {

    private final int capacity;
    private final FleetStats stats;
    private final List<String> lines = new ArrayList<>();
    private int inFlight;
    private int written; // lines are written oldest first: the first `written` were, on some connection

    DeviceOutbox(int capacity, FleetStats stats) {
        this.capacity = capacity;
        this.stats = stats;
    }

    /** Queues a line; when full, the oldest unsent line (or this one, if all are in flight) is lost. */
    void push(String line) {
        if (lines.size() == capacity) {
            stats.lost.increment();
            if (inFlight == lines.size()) {
                return;
            }
            if (inFlight < written) {
                written--;
            }
            lines.remove(inFlight);
        }
        lines.add(line);
    }

    /** The oldest unsent line, now in flight; null if every line is. */
    String sendNext() {
        if (inFlight == lines.size()) {
            return null;
        }
        if (inFlight < written) {
            stats.resent.increment();
        } else {
            written++;
        }
        return lines.get(inFlight++);
    }

    /** True if the line is the echo of the oldest line in flight, which then leaves. */
    boolean takeEcho(String line) {
        if (inFlight == 0 || !lines.get(0).equals(line)) {
            return false;
        }
        lines.remove(0);
        inFlight--;
        written--;
        return true;
    }

    /** The connection ended: the lines in flight are unsent again. */
    void unsend() {
        inFlight = 0;
    }

    int size() {
        return lines.size();
    }

    int inFlight() {
        return inFlight;
    }
}
