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
    }

    /** Connects once (no retries of its own); completes with the broker URI that accepted. */
    CompletableFuture<String> connect();

    /** Completes when the broker acknowledged (QoS 1/2) or the message was written (QoS 0). */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained);

    CompletableFuture<Void> subscribe(String topicFilter, int qos);

    boolean isConnected();

    /** Disconnects politely, waiting a moment for work in flight. */
    void disconnect();

    @Override
    void close();
}
