package io.iotgw.gateway.bridge;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/** Counters of the bridge's side of things. Any thread reads them. */
public final class BridgeStats {

    final LongAdder lines = new LongAdder();
    final LongAdder messages = new LongAdder();
    final LongAdder connects = new LongAdder();
    final LongAdder losses = new LongAdder();
    final LongAdder refused = new LongAdder();
    volatile boolean connected;
    /** The broker URI of the current connection and since when; null while disconnected. */
    volatile Connection connection;
    /** Told how long each device line took from publish to acknowledgement, in nanoseconds, on the publisher thread. */
    volatile LongConsumer ackLatency = nanos -> { };

    /** Device lines the broker acknowledged. */
    public long lines() {
        return lines.sum();
    }

    /** The gateway's own messages (presence, status) the broker acknowledged. */
    public long messages() {
        return messages.sum();
    }

    /** Connections made to the broker. */
    public long connects() {
        return connects.sum();
    }

    /** Connections to the broker lost. */
    public long losses() {
        return losses.sum();
    }

    /** Messages the MQTT client would never take (skipped, logged). */
    public long refused() {
        return refused.sum();
    }

    public boolean connected() {
        return connected;
    }

    /** A broker connection: which URI accepted it, and when. */
    public record Connection(String uri, long sinceMillis) {
    }

    /** The current broker connection, or empty while there is none. */
    public java.util.Optional<Connection> connection() {
        return java.util.Optional.ofNullable(connection);
    }

    /** Connections made after the first, i.e. after a loss. */
    public long reconnects() {
        return Math.max(0, connects.sum() - 1);
    }

    /** Sets what hears how long each device line took from publish to acknowledgement (nanoseconds, publisher thread). */
    public void onAckLatency(LongConsumer observer) {
        this.ackLatency = observer;
    }
}
