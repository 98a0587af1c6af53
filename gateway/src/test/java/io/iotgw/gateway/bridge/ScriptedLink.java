package io.iotgw.gateway.bridge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker connection a test scripts: it records what is published, acknowledges when told (or at
 * once), refuses like a real client does when told, and loses the connection on demand. Its
 * reports come on a thread of its own, as a real client's do.
 */
final class ScriptedLink implements MqttLink {

    /** One message the link took. */
    record Published(String topic, byte[] payload, int qos, boolean retained, Object context) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Events events;
    private final ExecutorService client = Executors.newSingleThreadExecutor(r -> new Thread(r, "scripted-client"));
    private final List<Published> published = new ArrayList<>();
    private final List<Published> inFlight = new ArrayList<>();
    private final Set<String> invalidTopics = new HashSet<>();
    private final AtomicInteger connects = new AtomicInteger();
    private volatile boolean connected;
    private volatile boolean autoAck;
    private volatile int busyAbove = Integer.MAX_VALUE;
    private int maxInFlight;

    ScriptedLink(Events events) {
        this.events = events;
    }

    ScriptedLink autoAck(boolean on) {
        autoAck = on;
        if (on) {
            ackAll();
        }
        return this;
    }

    /** Refuses as busy while this many messages are in flight, like a client whose own window is smaller. */
    ScriptedLink busyAbove(int n) {
        busyAbove = n;
        return this;
    }

    ScriptedLink refuse(String topic) {
        invalidTopics.add(topic);
        return this;
    }

    @Override
    public CompletableFuture<String> connect() {
        connects.incrementAndGet();
        connected = true;
        return CompletableFuture.completedFuture("tcp://scripted:1883");
    }

    @Override
    public synchronized void publish(String topic, byte[] payload, int qos, boolean retained, Object context) throws Refusal {
        if (!connected) {
            throw new Refusal(Refused.DOWN, "not connected", null);
        }
        if (invalidTopics.contains(topic)) {
            throw new Refusal(Refused.INVALID, "invalid topic " + topic, null);
        }
        if (inFlight.size() >= busyAbove) {
            throw new Refusal(Refused.BUSY, "too many publishes in progress", null);
        }
        Published p = new Published(topic, payload, qos, retained, context);
        published.add(p);
        inFlight.add(p);
        maxInFlight = Math.max(maxInFlight, inFlight.size());
        if (autoAck) {
            ack(p);
        }
    }

    /** The broker acknowledges one message. */
    synchronized void ack(Published p) {
        if (inFlight.remove(p)) {
            client.execute(() -> events.published(p.context(), null));
        }
    }

    synchronized void ackAll() {
        for (Published p : new ArrayList<>(inFlight)) {
            ack(p);
        }
    }

    /** The client gives up on one message while staying connected. */
    synchronized void fail(Published p) {
        if (inFlight.remove(p)) {
            client.execute(() -> events.published(p.context(), new IllegalStateException("timed out")));
        }
    }

    /** The connection drops: everything in flight fails, then the loss is reported. */
    synchronized void lose() {
        connected = false;
        List<Published> lost = new ArrayList<>(inFlight);
        inFlight.clear();
        client.execute(() -> {
            for (Published p : lost) {
                events.published(p.context(), new IllegalStateException("connection lost"));
            }
            events.connectionLost(new java.io.EOFException());
        });
    }

    synchronized List<Published> published() {
        return List.copyOf(published);
    }

    synchronized List<Published> on(String topic) {
        return published.stream().filter(p -> p.topic().equals(topic)).toList();
    }

    synchronized List<Published> inFlight() {
        return List.copyOf(inFlight);
    }

    synchronized int maxInFlight() {
        return maxInFlight;
    }

    int connects() {
        return connects.get();
    }

    @Override
    public CompletableFuture<Void> subscribe(String topicFilter, int qos) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void disconnect() {
        connected = false;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
