package io.iotgw.gateway.bridge;

import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.echo.DeviceListener;
import io.iotgw.gateway.echo.DeviceRegistry;
import io.iotgw.gateway.echo.DeviceSession;
import io.iotgw.gateway.spool.Spool;
import io.iotgw.gateway.spool.SpoolEntry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges devices and an MQTT broker. Device lines go to the {@link Spool} before their echo; one
 * thread of its own publishes them from the spool as JSON envelopes, keeps at most
 * {@code inflight} unacknowledged, and commits the spool only past what the broker acknowledged.
 * It connects with jittered exponential backoff (first connect included) and, after an outage,
 * drains the backlog at {@code drainRate} over and above live traffic. Its threads, and the MQTT
 * client's, run {@code publisherNice} steps nicer than those serving devices, so that on a saturated
 * CPU echoes come first and the spool takes the slack. It also keeps device and
 * gateway presence (retained) and writes downlinks to device connections.
 */
public final class MqttBridge implements DeviceListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
    private static final long TICK_MS = 20;
    private static final long BACKLOG_LOG_INTERVAL_MS = 60_000;

    /** A published entry awaiting the broker's acknowledgement; {@code next} is where the spool resumes after it. */
    private static final class InFlight {
        final long next;
        volatile boolean acked;

        InFlight(long next) {
            this.next = next;
        }
    }

    private final BridgeConfig config;
    private final Spool spool;
    private final DeviceRegistry registry;
    private final Topics topics;
    private final Envelope envelope;
    private final MqttLink link;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;
    /** Set when the publisher ran out of lines: the next append must wake it; otherwise acks keep it going. */
    private final AtomicBoolean waiting = new AtomicBoolean(true);
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Acks arrive on the client's thread in bursts; one task on the bridge thread handles a whole burst. */
    private final AtomicBoolean acksPosted = new AtomicBoolean();
    private final AtomicLong liveCredits = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final Downlinks downlinks;
    private final PresenceBook presence;

    // Owned by the bridge thread:
    private final ArrayDeque<InFlight> inflight = new ArrayDeque<>();
    private boolean connected;
    private double tokens;
    private long lastRefillNanos = System.nanoTime();
    private long lastBacklogLogMillis;

    public MqttBridge(BridgeConfig config, Spool spool, DeviceRegistry registry) {
        this(config, spool, registry, events -> new PahoMqttLink(config, new Topics(config.topicPrefix(), config.gatewayId()),
                config.inflight() + 64, events));
    }

    MqttBridge(BridgeConfig config, Spool spool, DeviceRegistry registry, Function<MqttLink.Events, MqttLink> links) {
        this.config = config;
        this.spool = spool;
        this.registry = registry;
        this.topics = new Topics(config.topicPrefix(), config.gatewayId());
        this.envelope = new Envelope(config.gatewayId());
        this.backoff = new Backoff(BACKOFF_BASE, BACKOFF_CAP, bound -> ThreadLocalRandom.current().nextLong(bound));
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            // the MQTT client's threads start from this one, so they inherit its lower priority
            Thread t = new Thread(() -> {
                Niceness.lowerCurrentThread(config.publisherNice());
                r.run();
            }, "iotgw-mqtt");
            t.setDaemon(true);
            return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = ex;
        this.downlinks = new Downlinks(topics, registry);
        this.link = links.apply(new MqttLink.Events() {
            @Override
            public void connectionLost(Throwable cause) {
                post(() -> onConnectionLost(cause));
            }

            @Override
            public void messageArrived(String topic, byte[] payload) {
                downlinks.arrived(topic, payload);
            }
        });
        this.presence = new PresenceBook(link, topics);
    }

    /** Starts connecting; lines are spooled meanwhile, whether or not the broker is there. */
    public void start() {
        log.info("MQTT bridge to {} as gateway '{}' under '{}/': QoS {}, {} in flight at most, publishing {} nice steps "
                        + "below the device threads, spool {} (max {} MB)",
                config.brokers(), config.gatewayId(), config.topicPrefix(), config.qos(), config.inflight(),
                config.publisherNice(), config.spoolDir(), config.spoolMaxBytes() >> 20);
        post(this::connect);
        executor.scheduleWithFixedDelay(this::pump, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    // ---- device side (event loops) ----

    @Override
    public void onLines(DeviceSession device, List<byte[]> lines, long receivedMillis) throws IOException {
        List<Spool.Line> entries = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            entries.add(new Spool.Line(device.deviceId(), device.remote(), receivedMillis, line));
        }
        spool.append(entries);
        liveCredits.addAndGet(lines.size());
        if (waiting.compareAndSet(true, false)) {
            post(this::pump);
        }
    }

    @Override
    public void onNamed(DeviceSession device) {
        post(() -> presence.arrived(device, connected));
    }

    @Override
    public void onGone(DeviceSession device, boolean replaced) {
        if (replaced) {
            return; // the newer connection is online under the same id
        }
        post(() -> presence.left(device, connected));
    }

    // ---- broker side (bridge thread) ----

    private void connect() {
        if (closed.get()) {
            return;
        }
        link.connect().whenComplete((uri, error) -> post(() -> {
            if (error == null) {
                onConnected(uri);
            } else {
                retryLater("cannot connect to the broker", error);
            }
        }));
    }

    private void onConnected(String uri) {
        connected = true;
        backoff.reset();
        inflight.clear();
        spool.rewind();
        tokens = config.inflight();
        liveCredits.set(0);
        log.info("broker connected: {}; {}", uri, backlogText());
        link.subscribe(topics.downFilter(), 1).whenComplete((v, error) -> {
            if (error != null) {
                log.warn("cannot subscribe to downlinks {}: {}", topics.downFilter(), reason(error));
            }
        });
        link.publish(topics.gatewayStatus(), Presence.status(true, System.currentTimeMillis(), null), 1, true);
        presence.resync();
        pump();
    }

    private void onConnectionLost(Throwable cause) {
        if (!connected) {
            return;
        }
        connected = false;
        inflight.clear();
        spool.rewind();
        retryLater("broker connection lost", cause);
    }

    private void retryLater(String what, Throwable cause) {
        if (closed.get()) {
            return;
        }
        Duration wait = backoff.next();
        log.warn("{}: {}; retrying in {} ms; {}", what, reason(cause), wait.toMillis(), backlogText());
        executor.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Publishes from the spool while the window and the rate allow. */
    private void pump() {
        if (!connected || closed.get()) {
            return;
        }
        refill();
        try {
            while (inflight.size() < config.inflight() && tokens >= 1) {
                SpoolEntry entry = spool.next();
                if (entry == null) {
                    waiting.set(true);
                    entry = spool.next(); // an append may have come before the flag went up
                    if (entry == null) {
                        break;
                    }
                    waiting.set(false);
                }
                tokens -= 1;
                InFlight f = new InFlight(spool.readPosition());
                inflight.add(f);
                link.publish(topics.up(entry.deviceId()), envelope.encode(entry), config.qos(), false)
                        .whenComplete((v, error) -> acknowledged(f, error));
            }
        } catch (IOException e) {
            log.error("cannot read the spool: {}", e.getMessage());
        }
        logBacklogNowAndThen();
    }

    private void refill() {
        long now = System.nanoTime();
        double cap = config.drainRatePerSecond() + config.inflight();
        tokens = Math.min(cap, tokens + (now - lastRefillNanos) / 1e9 * config.drainRatePerSecond()
                + liveCredits.getAndSet(0));
        lastRefillNanos = now;
    }

    /** On the client's thread: note the ack, and have the bridge thread take it (with any others by then). */
    private void acknowledged(InFlight f, Throwable error) {
        if (error != null) {
            post(() -> publishFailed(error));
            return;
        }
        f.acked = true;
        published.incrementAndGet();
        if (acksPosted.compareAndSet(false, true)) {
            post(this::takeAcks);
        }
    }

    private void publishFailed(Throwable error) {
        if (connected && link.isConnected()) {
            // the link is up yet refused a publish: start over on a fresh connection
            link.disconnect();
            onConnectionLost(error);
        }
    }

    private void takeAcks() {
        acksPosted.set(false);
        long through = -1;
        int count = 0;
        while (!inflight.isEmpty() && inflight.peek().acked) {
            through = inflight.poll().next;
            count++;
        }
        if (count > 0) {
            try {
                spool.commit(through, count);
            } catch (IOException e) {
                log.error("cannot update the spool after the broker's acknowledgement: {}", e.getMessage());
            }
        }
        pump();
    }

    // ---- bookkeeping ----

    private void logBacklogNowAndThen() {
        long now = System.currentTimeMillis();
        if (now - lastBacklogLogMillis >= BACKLOG_LOG_INTERVAL_MS && spool.backlog() > 1000) {
            lastBacklogLogMillis = now;
            log.info("draining: {}", backlogText());
        }
    }

    private String backlogText() {
        long backlog = spool.backlog();
        if (backlog == 0) {
            return "no backlog";
        }
        String age = "";
        try {
            OptionalLong oldest = spool.oldestMillis();
            if (oldest.isPresent()) {
                age = ", oldest " + (System.currentTimeMillis() - oldest.getAsLong()) / 1000 + " s old";
            }
        } catch (IOException e) {
            age = "";
        }
        return "backlog " + backlog + " lines" + age + (spool.dropped() > 0 ? ", " + spool.dropped() + " dropped (spool full)" : "");
    }

    private static String reason(Throwable t) {
        Throwable cause = t.getCause();
        String text = String.valueOf(t.getMessage());
        return cause != null && cause.getMessage() != null && !text.contains(cause.getMessage())
                ? text + " (" + cause.getMessage() + ")" : text;
    }

    private void post(Runnable task) {
        if (!closed.get()) {
            try {
                executor.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: the task no longer matters
            }
        }
    }

    /** Says goodbye to the broker (gateway offline, retained), disconnects and closes the spool. */
    @Override
    public void close() {
        try {
            executor.submit(() -> {
                if (connected) {
                    link.publish(topics.gatewayStatus(), Presence.status(false, System.currentTimeMillis(), null), 1, true)
                            .get(2, TimeUnit.SECONDS);
                }
                return null;
            }).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("could not say goodbye to the broker: {}", e.toString());
        }
        closed.set(true);
        executor.shutdownNow();
        link.disconnect();
        link.close();
        try {
            log.info("MQTT bridge stopped: {} lines published, {} downlinks written, {} dropped; {}", published.get(),
                    downlinks.written(), downlinks.dropped(), backlogText());
            spool.close();
        } catch (IOException e) {
            log.error("cannot close the spool cleanly: {}", e.getMessage());
        }
    }
}
