package io.iotgw.gateway.bridge;

import io.iotgw.gateway.spool.SpoolEntry;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one in-flight window: every message handed to the MQTT client and not yet done, device lines
 * and the gateway's own messages alike, at most {@code capacity}. Acknowledgements may come in any
 * order; the spool is acknowledged up to the last line before which every line is done, so the
 * spool never passes a line the broker has not taken.
 *
 * <p>The publisher thread owns it; the client's thread only reports flights as done
 * ({@link #completed}), which the publisher collects.
 */
final class Window {

    /** One message in flight. The client's thread sets {@code error} and queues it once done. */
    static final class Flight {
        final SpoolEntry line;
        final Outgoing message;
        final long epoch;
        /** The line's envelope, made once (its fields parsed once) even when it goes again. */
        byte[] payload;
        long sentNanos;
        volatile Throwable error;
        boolean done;

        Flight(SpoolEntry line, Outgoing message, long epoch, long sentNanos) {
            this.line = line;
            this.message = message;
            this.epoch = epoch;
            this.sentNanos = sentNanos;
        }
    }

    /** What one collection found: the line the spool is done up to, and lines to publish again. */
    interface Sink {
        void acknowledged(SpoolEntry through);

        /**
         * The client gave up on a flight while the connection stayed up. A line stays in the window,
         * holding the spool back, until it is published again; a message no longer counts.
         */
        void failed(Flight flight);

        void done(Flight flight, long nowNanos);
    }

    private final int capacity;
    private final ArrayDeque<Flight> lines = new ArrayDeque<>();
    private final Queue<Flight> completions = new ConcurrentLinkedQueue<>();
    private int messages;
    /** Connections so far; flights of an earlier one are forgotten. */
    private long epoch;

    Window(int capacity) {
        this.capacity = capacity;
    }

    boolean hasRoom() {
        return lines.size() + messages < capacity;
    }

    int size() {
        return lines.size() + messages;
    }

    long epoch() {
        return epoch;
    }

    Flight line(SpoolEntry entry, long nowNanos) {
        Flight f = new Flight(entry, null, epoch, nowNanos);
        lines.add(f);
        return f;
    }

    Flight message(Outgoing message, long nowNanos) {
        messages++;
        return new Flight(null, message, epoch, nowNanos);
    }

    /** The client did not take a flight after all: it no longer counts. */
    void withdraw(Flight f) {
        if (f.line != null) {
            lines.removeLastOccurrence(f);
        } else {
            messages--;
        }
    }

    /** The client's thread: a flight is done (error null) or failed. */
    void completed(Flight f, Throwable error) {
        f.error = error;
        completions.add(f);
    }

    /** Publisher: takes in the flights done since the last call. */
    void collect(Sink sink, long nowNanos) {
        for (Flight f; (f = completions.poll()) != null; ) {
            if (f.epoch != epoch) {
                continue; // of a connection that is gone; its window was emptied then
            }
            if (f.line == null) {
                messages--;
            }
            if (f.error != null) {
                sink.failed(f);
                continue;
            }
            f.done = true;
            sink.done(f, nowNanos);
        }
        SpoolEntry through = null;
        while (!lines.isEmpty() && lines.peekFirst().done) {
            through = lines.pollFirst().line;
        }
        if (through != null) {
            sink.acknowledged(through);
        }
    }

    /** The connection is gone: nothing in flight counts any more. */
    void reset() {
        epoch++;
        lines.clear();
        messages = 0;
        completions.clear();
    }
}
