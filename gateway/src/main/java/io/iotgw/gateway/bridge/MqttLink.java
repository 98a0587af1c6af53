package io.iotgw.gateway.bridge;

import java.util.concurrent.CompletableFuture;

/**
 * The gateway's one view of an MQTT broker connection, so the rest of the bridge does not depend
 * on a client library (and tests can script one).
 */
interface MqttLink extends AutoCloseable {

    /** What the link reports, on a thread of its own. */
    interface Events {
        void connectionLost(Throwable cause);

        void messageArrived(String topic, byte[] payload);

        /**
         * A message handed to {@link #publish} is done: acknowledged by the broker (QoS 1 and 2) or
         * written (QoS 0) when {@code error} is null, or failed (the connection went away).
         */
        void published(Object context, Throwable error);
    }

    /** Connects once (no retries of its own); completes with the broker URI that accepted. */
    CompletableFuture<String> connect();

    /**
     * Hands a message to the client; {@link Events#published} tells how it ended, with {@code context}.
     *
     * @throws Refusal when the client does not take it, saying why
     */
    void publish(String topic, byte[] payload, int qos, boolean retained, Object context) throws Refusal;

    CompletableFuture<Void> subscribe(String topicFilter, int qos);

    boolean isConnected();

    /** Disconnects politely, waiting a moment for work in flight. */
    void disconnect();

    @Override
    void close();

    /** Why the client did not take a message. */
    enum Refused {
        /** Its own in-flight limit is reached: try again after an acknowledgement. */
        BUSY,
        /** It is not connected (or is disconnecting): the connection-lost event follows or came. */
        DOWN,
        /** Something about this message (a bad topic, too large): it will never be taken. */
        INVALID
    }

    /** The client did not take a message. */
    final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refused kind;

        Refusal(Refused kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        Refused kind() {
            return kind;
        }
    }
}
