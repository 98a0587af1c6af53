package io.iotgw.gateway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A monitoring client, like {@code mosquitto_sub -v -t 'iotgw/#'}, that keeps what it receives. */
public final class MqttSubscriber implements AutoCloseable {

    /** One received message; a JSON payload is parsed once, on arrival. */
    public record Message(String topic, String payload, boolean retained, JsonNode parsed) {
        public JsonNode json() {
            if (parsed == null) {
                throw new IllegalStateException("not JSON on " + topic + ": " + payload);
            }
            return parsed;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MqttClient client;
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Map<String, List<Message>> byTopic = new ConcurrentHashMap<>();

    public MqttSubscriber(String uri, String filter) throws MqttException {
        this(uri, filter, null, null);
    }

    /** A subscriber that logs in as a broker user (no user: anonymous). */
    public MqttSubscriber(String uri, String filter, String username, String password) throws MqttException {
        client = new MqttClient(uri, "test-sub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.toCharArray());
        }
        client.setTimeToWait(10_000);
        client.connect(options);
        client.subscribe(filter, 1, (topic, message) -> {
            String text = new String(message.getPayload(), StandardCharsets.UTF_8);
            Message m = new Message(topic, text, message.isRetained(), parse(text));
            messages.add(m);
            byTopic.computeIfAbsent(topic, t -> Collections.synchronizedList(new ArrayList<>())).add(m);
        });
    }

    private static JsonNode parse(String text) {
        try {
            return text.startsWith("{") ? JSON.readTree(text) : null;
        } catch (Exception e) {
            return null;
        }
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Message> on(String topic) {
        List<Message> list = byTopic.get(topic);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    public void publish(String topic, String payload) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
