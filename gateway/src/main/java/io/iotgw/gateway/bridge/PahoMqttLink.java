package io.iotgw.gateway.bridge;

import io.iotgw.gateway.config.BridgeConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * {@link MqttLink} on Eclipse Paho's asynchronous MQTT 3.1.1 client. Paho's own reconnect and
 * offline buffer stay off: the spool and the publisher's backoff do that job, first connect included.
 */
final class PahoMqttLink implements MqttLink {

    private static final int CONNECT_TIMEOUT_S = 10;
    private static final long DISCONNECT_QUIESCE_MS = 1_000;

    private final MqttAsyncClient client;
    private final MqttConnectOptions options;
    private final String[] brokers;
    private final IMqttActionListener published;

    PahoMqttLink(BridgeConfig config, Topics topics, int maxInflight, Events events) {
        try {
            URI first = config.brokers().get(0);
            client = new MqttAsyncClient(first.toString(), "iotgw-" + config.gatewayId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("cannot create an MQTT client for " + config.brokers() + ": " + e.getMessage(), e);
        }
        options = new MqttConnectOptions();
        brokers = config.brokers().stream().map(URI::toString).toArray(String[]::new);
        if (config.brokers().stream().allMatch(u -> "tcp".equals(u.getScheme()))) {
            options.setSocketFactory(new BufferedSocketFactory());
        }
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(CONNECT_TIMEOUT_S);
        options.setKeepAliveInterval((int) Math.max(1, config.keepAlive().toSeconds()));
        options.setMaxInflight(maxInflight);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        config.username().ifPresent(options::setUserName);
        config.password().ifPresent(p -> options.setPassword(p.toCharArray()));
        options.setWill(topics.gatewayStatus(), Presence.gatewayWill(), 1, true);
        published = new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                events.published(token.getUserContext(), null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                events.published(token.getUserContext(), cause);
            }
        };
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                events.connectionLost(cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                events.messageArrived(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the action listener of each publish reports it
            }
        });
    }

    /**
     * Tries the brokers in turn; fails with every broker's own reason when none accepts. Each next
     * try starts off the client's threads.
     */
    @Override
    public CompletableFuture<String> connect() {
        return attempt(0, new ArrayList<>());
    }

    private CompletableFuture<String> attempt(int i, List<String> failures) {
        return connectTo(brokers[i]).exceptionallyComposeAsync(error -> {
            failures.add(brokers[i] + ": " + Reasons.of(error));
            return i + 1 < brokers.length ? attempt(i + 1, failures)
                    : CompletableFuture.failedFuture(new Reasons.Unreachable(failures));
        });
    }

    private CompletableFuture<String> connectTo(String broker) {
        options.setServerURIs(new String[] {broker});
        CompletableFuture<String> done = new CompletableFuture<>();
        try {
            client.connect(options, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(client.getCurrentServerURI());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.completeExceptionally(cause);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained, Object context) throws Refusal {
        try {
            client.publish(topic, payload, qos, retained, context, published);
        } catch (MqttException e) {
            throw new Refusal(kindOf(e), e.getMessage(), e);
        } catch (IllegalArgumentException e) { // a topic the client will not take
            throw new Refusal(Refused.INVALID, e.getMessage(), e);
        }
    }

    private static Refused kindOf(MqttException e) {
        return switch (e.getReasonCode()) {
            case MqttException.REASON_CODE_MAX_INFLIGHT, MqttException.REASON_CODE_NO_MESSAGE_IDS_AVAILABLE -> Refused.BUSY;
            case MqttException.REASON_CODE_INVALID_MESSAGE -> Refused.INVALID;
            default -> Refused.DOWN; // not connected, disconnecting, lost, closed
        };
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, int qos) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            client.subscribe(topicFilter, qos, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    done.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    done.completeExceptionally(cause);
                }
            });
        } catch (MqttException e) {
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_QUIESCE_MS * 2);
            }
        } catch (MqttException e) {
            // going away anyway; the broker's last will covers an unclean end
        }
    }

    @Override
    public void close() {
        try {
            client.disconnectForcibly(0, 0, false);
        } catch (MqttException e) {
            // not connected: nothing to force
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing for good; nothing left to do with it
        }
    }
}
