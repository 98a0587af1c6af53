package io.iotgw.piclient.link;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines waiting to go to the gateway, oldest first, as in the firmware's outbox. The oldest
 * {@link #inFlight()} lines have been written on the current connection and await their echo; the
 * rest are not sent yet. A line leaves only when its echo comes back ({@link #takeEcho}); when a
 * connection ends its unechoed lines become unsent again ({@link #unsend}) and go out on the next
 * one: at least once, end to end. When full, the oldest line <em>not yet sent</em> makes room and
 * is counted; a line in flight is never dropped, so its echo always finds it.
 *
 * <p>Threads: lines are pushed by the telemetry timer and the button's thread, everything else is
 * done by the link's thread; every method holds the outbox's monitor, briefly, never across I/O.
 */
public final class Outbox {

    private static final Logger log = LoggerFactory.getLogger(Outbox.class);

    private final int capacityLines;
    private final int maxLineBytes;
    private final List<Line> lines = new ArrayList<>();
    private int inFlight;
    private long dropped;
    private long refused;
    private long resent;

    private static final class Line {
        final String text;
        boolean written;

        Line(String text) {
            this.text = text;
        }
    }

    public Outbox(int capacityLines, int maxLineBytes) {
        if (capacityLines < 1 || maxLineBytes < 1) {
            throw new IllegalArgumentException("an outbox holds at least one line of at least one byte");
        }
        this.capacityLines = capacityLines;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Queues a line (without newline). A line longer than the limit in UTF-8, or holding a CR or LF,
     * is refused whole (false, counted), never cut. When full, the oldest unsent line is dropped to
     * make room (counted); if every line is in flight the new one is dropped instead (false).
     */
    public synchronized boolean push(String line) {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0
                || line.getBytes(StandardCharsets.UTF_8).length > maxLineBytes) {
            refused++;
            log.warn("line refused: longer than {} bytes or holding a line break ({} refused so far)", maxLineBytes, refused);
            return false;
        }
        if (lines.size() == capacityLines) {
            dropped++;
            if (dropped == 1 || dropped % 100 == 0) {
                log.warn("outbox full ({} lines): the oldest line not yet sent was dropped; {} dropped so far",
                        capacityLines, dropped);
            }
            if (inFlight == lines.size()) {
                return false;
            }
            lines.remove(inFlight);
        }
        lines.add(new Line(line));
        return true;
    }

    public synchronized int size() {
        return lines.size();
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    /** The i-th line from the oldest. */
    public synchronized String at(int i) {
        return lines.get(i).text;
    }

    /**
     * Takes the oldest line not yet written on this connection, to be written now: it is in flight
     * from here on (so a full outbox can no longer drop it). Null when every line is in flight.
     */
    public synchronized String sendNext() {
        if (inFlight == lines.size()) {
            return null;
        }
        Line line = lines.get(inFlight++);
        if (line.written) {
            resent++;
        }
        line.written = true;
        return line.text;
    }

    /** True if the line is the echo of the oldest line in flight, which then leaves the outbox. */
    public synchronized boolean takeEcho(String line) {
        if (inFlight == 0 || !lines.get(0).text.equals(line)) {
            return false;
        }
        lines.remove(0);
        inFlight--;
        return true;
    }

    /** The connection is gone: the lines in flight are unsent again, to go on the next one. */
    public synchronized void unsend() {
        inFlight = 0;
    }

    /** Unsent lines pushed out by a full outbox. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Lines {@link #push} refused: too long, or holding a line break. */
    public synchronized long refused() {
        return refused;
    }

    /** Writes of a line already written on an earlier connection. */
    public synchronized long resent() {
        return resent;
    }
}
