package io.iotgw.gateway.bridge;

import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.ha.Announcement;
import io.iotgw.gateway.ha.Discovery;
import io.iotgw.gateway.log.RateLimitedLog;
import io.iotgw.gateway.readings.ReadingParser;
import io.iotgw.gateway.spool.Spool;
import io.iotgw.gateway.spool.SpoolEntry;
import io.iotgw.gateway.spool.SpoolReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one path to the broker. Every publish — device lines from the spool and the gateway's own
 * messages from the control queue — waits its turn in one bounded {@link Window}; the two take
 * turns while both wait. Lines go in spool order (so each device's order is kept), backlog lines
 * at the drain rate over live traffic; the spool is acknowledged only past what the broker
 * acknowledged. A message the client refuses for a local reason is never taken for a lost
 * connection: it waits for room, or is skipped and counted when it can never be sent.
 *
 * <p>Connects with jittered exponential backoff, first connect included; after a loss everything
 * not acknowledged goes again. Under load it publishes in bursts at most every {@link #PACE_NANOS},
 * so the client's threads wake once per burst rather than once per line; while the window is full
 * (the broker's acknowledgements are what limits) it looks again every {@link #FULL_PACE_NANOS},
 * so a small window does not cap the rate at one window per pace.
 *
 * <p>Runs on the executor's one thread (the publisher thread), which owns all its state; the
 * client's threads only report through {@link #events()}.
 */
final class Publisher {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);
    static final Duration BACKOFF_CAP = Duration.ofSeconds(30);
    static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long FULL_PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long BACKLOG_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long REPORTED_BACKLOG = 1000;

    private final BridgeConfig config;
    private final Topics topics;
    private final Envelope envelope;
    /** Home Assistant discovery, when turned on; the publisher thread's. */
    private final Discovery discovery;
    private final Spool spool;
    private final SpoolReader reader;
    private final ScheduledExecutorService executor;
    private final Window window;
    private final ControlQueue control = new ControlQueue();
    private final PresenceBook presence;
    private final DrainRate rate;
    private final Backoff backoff;
    private final BridgeStats stats;
    private final List<Runnable> onConnected;
    /** Something may be there to publish or to collect since the last pump. */
    private final AtomicBoolean pending = new AtomicBoolean();
    /** A pump is on its way (posted or scheduled): a signal then needs no wake-up. */
    private final AtomicBoolean awake = new AtomicBoolean();
    private final RateLimitedLog refusedLog = RateLimitedLog.perMinute(log, Level.ERROR);
    private final RateLimitedLog readLog = RateLimitedLog.perMinute(log, Level.ERROR);
    private final MqttLink.Events events;
    private final Window.Sink sink = new Window.Sink() {
        @Override
        public void acknowledged(SpoolEntry through) {
            spool.acknowledge(through);
        }

        @Override
        public void failed(Window.Flight flight) {
            if (flight.line != null) {
                retry.add(flight);
            } else {
                control.offerAgain(flight.message);
            }
        }

        @Override
        public void done(Window.Flight flight, long nowNanos) {
            if (flight.line != null) {
                stats.lines.increment();
                stats.ackLatency.accept(nowNanos - flight.sentNanos);
            } else {
                stats.messages.increment();
            }
        }
    };
    private MqttLink link;
    // Owned by the publisher thread:
    private final ArrayDeque<Window.Flight> retry = new ArrayDeque<>();
    /** The flights of one pump, chosen and made first, then handed to the client together. */
    private final List<Window.Flight> burst = new ArrayList<>();
    private java.util.concurrent.ScheduledFuture<?> nextPump;
    private long nextPumpNanos;
    private SpoolEntry nextLine;
    /** {@link #nextLine}'s envelope, once made. */
    private byte[] nextPayload;
    private boolean up;
    private boolean closed;
    private boolean controlTurn;
    /** The next line brought Home Assistant configs: every message waiting goes before it. */
    private boolean messagesFirst;
    private long lastBacklogLogNanos = System.nanoTime();

    /**
     * @param onConnected run on the publisher thread after each connect, to offer messages again
     *                    (the broker may have lost its retained state)
     */
    Publisher(BridgeConfig config, Topics topics, Spool spool, ScheduledExecutorService executor, BridgeStats stats,
              Discovery discovery, List<Runnable> onConnected) {
        this.config = config;
        this.topics = topics;
        this.envelope = new Envelope(config.gatewayId(), config.readings().fields() ? new ReadingParser() : null);
        this.discovery = discovery;
        this.spool = spool;
        this.reader = spool.reader();
        this.executor = executor;
        this.window = new Window(config.inflight());
        this.presence = new PresenceBook(control, topics);
        this.rate = new DrainRate(config.drainRatePerSecond(), config.inflight(), System.nanoTime());
        this.backoff = new Backoff(BACKOFF_BASE, BACKOFF_CAP, bound -> ThreadLocalRandom.current().nextLong(bound));
        this.stats = stats;
        this.onConnected = onConnected;
        this.events = new MqttLink.Events() {
            @Override
            public void connectionLost(Throwable cause) {
                post(() -> lost(cause));
            }

            @Override
            public void messageArrived(String topic, byte[] payload) {
                // downlinks are the bridge's; the link hands them over there
            }

            @Override
            public void published(Object context, Throwable error) {
                if (context instanceof Window.Flight f) {
                    window.completed(f, error);
                    signal();
                } else if (context instanceof CompletableFuture<?> goodbye) {
                    goodbye.complete(null);
                }
            }
        };
        spool.onAppended(lines -> {
            rate.live(lines);
            signal();
        });
    }

    MqttLink.Events events() {
        return events;
    }

    /** Starts connecting, through {@code link}. */
    void start(MqttLink link) {
        this.link = link;
        post(this::connect);
    }

    PresenceBook presence() {
        return presence;
    }

    /** Offers one of the gateway's own messages; publisher thread. */
    void offer(Outgoing message) {
        control.offer(message);
        signal();
    }

    boolean up() {
        return up;
    }

    /** Runs a task on the publisher thread. */
    void post(Runnable task) {
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: the task no longer matters
        }
    }

    /**
     * Any thread: there may be something to publish or to collect. While the publisher is busy this
     * is one memory write (the next paced pump sees it); only an idle publisher is woken.
     */
    void signal() {
        pending.set(true);
        if (awake.compareAndSet(false, true)) {
            post(this::pump);
        }
    }

    // ---- the connection ----

    private void connect() {
        if (closed) {
            return;
        }
        link.connect().whenComplete((uri, error) -> post(() -> {
            if (error == null) {
                connected(uri);
            } else {
                retryLater("cannot connect to the broker", error);
            }
        }));
    }

    private void connected(String uri) {
        if (closed) {
            return;
        }
        up = true;
        stats.connected = true;
        stats.connection = new BridgeStats.Connection(uri, System.currentTimeMillis());
        stats.connects.increment();
        backoff.reset();
        startOver();
        rate.reset(System.nanoTime());
        log.info("broker connected: {}; {}", uri, backlogText());
        link.subscribe(topics.downFilter(), 1).whenComplete((v, error) -> {
            if (error != null) {
                log.warn("cannot subscribe to downlinks {}: {}", topics.downFilter(), Reasons.of(error));
            }
        });
        control.offer(new Outgoing(topics.gatewayStatus(), Presence.status(true, System.currentTimeMillis(), null), 1, true));
        controlTurn = true; // the gateway's own status goes first, before its lines
        presence.resync();
        if (discovery != null) {
            for (String filter : List.of(discovery.configFilter(), discovery.birthTopic(), discovery.removeFilter())) {
                link.subscribe(filter, 1).whenComplete((v, error) -> {
                    if (error != null) {
                        log.warn("cannot subscribe to {} for Home Assistant: {}", filter, Reasons.of(error));
                    }
                });
            }
            announce(discovery.all());
        }
        onConnected.forEach(Runnable::run);
        pump();
    }

    private void lost(Throwable cause) {
        if (!up) {
            return;
        }
        up = false;
        stats.connected = false;
        stats.connection = null;
        stats.losses.increment();
        startOver();
        retryLater("broker connection lost", cause);
    }

    /** Nothing in flight counts any more: what the broker did not acknowledge goes again. */
    private void startOver() {
        window.reset();
        retry.clear();
        nextLine = null;
        nextPayload = null;
        messagesFirst = false;
        reader.rewind();
    }

    private void retryLater(String what, Throwable cause) {
        if (closed) {
            return;
        }
        Duration wait = backoff.next();
        log.warn("{}: {}; retrying in {} ms; {}", what, Reasons.of(cause), wait.toMillis(), backlogText());
        executor.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- publishing ----

    /**
     * Takes in what the broker acknowledged, then publishes while the window, the rate and the
     * queues allow: the burst is chosen and its envelopes made first, then handed to the client in
     * one go, so its sender wakes once for the burst.
     */
    private void pump() {
        pending.set(false);
        nextPump = null;
        long now = System.nanoTime();
        if (up && !closed) {
            window.collect(sink, now);
            try {
                choose(now);
            } catch (IOException e) {
                readLog.log("cannot read the spool ({}): retrying", e.getMessage());
                pumpIn(TimeUnit.SECONDS.toNanos(1));
            }
            sendBurst(now);
            logBacklogNowAndThen(now);
        }
        rest();
    }

    /** Chooses what goes now, up to the window's room: lines to send again, then messages and lines in turn. */
    private void choose(long now) throws IOException {
        burst.clear();
        burst.addAll(retry);
        retry.clear();
        while (window.hasRoom()) {
            if (peekLine() != null && nextPayload == null && encodeNextLine()) {
                messagesFirst = true; // a sensor's config goes before the line that brought it
            }
            boolean messageReady = !control.isEmpty();
            messagesFirst &= messageReady;
            boolean lineReady = nextLine != null && !messagesFirst && rate.available(now);
            if (!lineReady && !messageReady) {
                break;
            }
            if (messageReady && (controlTurn || messagesFirst || !lineReady)) {
                controlTurn = false;
                burst.add(window.message(control.poll(), now));
            } else {
                controlTurn = true;
                rate.take();
                Window.Flight f = window.line(nextLine, now);
                f.payload = nextPayload;
                nextLine = null;
                nextPayload = null;
                burst.add(f);
            }
        }
        if (window.hasRoom() && nextLine != null) { // held back by the drain rate
            pumpIn(rate.nanosUntilToken());
        }
    }

    /** Hands the burst to the client; what it refuses for now waits (in order) for the next pump. */
    private void sendBurst(long now) {
        for (int i = 0; i < burst.size(); i++) {
            if (!send(burst.get(i), now)) {
                for (int j = i; j < burst.size(); j++) {
                    putBack(burst.get(j));
                }
                break;
            }
        }
        burst.clear();
    }

    /** After a pump: again in a pace while signals keep coming, else asleep until one comes. */
    private void rest() {
        if (pending.get()) {
            pumpIn(pace());
            return;
        }
        if (nextPump != null) {
            return;
        }
        awake.set(false);
        if (pending.get() && awake.compareAndSet(false, true)) { // a signal came as we went to sleep
            pumpIn(pace());
        }
    }

    private long pace() {
        return window.hasRoom() ? PACE_NANOS : FULL_PACE_NANOS;
    }

    /** Publisher thread: a pump in {@code nanos} at the latest. */
    private void pumpIn(long nanos) {
        long at = System.nanoTime() + nanos;
        if (nextPump != null && nextPumpNanos - at <= 0) {
            return;
        }
        if (nextPump != null) {
            nextPump.cancel(false);
        }
        awake.set(true);
        nextPumpNanos = at;
        nextPump = executor.schedule(this::pump, nanos, TimeUnit.NANOSECONDS);
    }

    private SpoolEntry peekLine() throws IOException {
        if (nextLine == null) {
            nextLine = reader.next();
            nextPayload = null;
        }
        return nextLine;
    }

    /** Makes the next line's envelope; true when its fields brought Home Assistant configs to announce first. */
    private boolean encodeNextLine() {
        nextPayload = envelope.encode(nextLine);
        return discovery != null
                && announce(discovery.onFields(nextLine.deviceId(), nextLine.remote(), envelope.numericKeys()));
    }

    /** Offers Home Assistant configs through the control queue; true when there were any. */
    private boolean announce(List<Announcement> announcements) {
        for (Announcement a : announcements) {
            control.offer(new Outgoing(a.topic(), a.payload(), 1, a.retained()));
        }
        return !announcements.isEmpty();
    }

    /** A message on one of Home Assistant's topics (the client's thread hands it over). Publisher thread. */
    void homeAssistant(String topic, byte[] payload) {
        if (discovery == null) {
            return;
        }
        if (discovery.isBirth(topic, payload)) {
            log.info("Home Assistant came online: announcing every sensor again");
            announce(discovery.all());
        } else if (discovery.deviceToRemove(topic) != null) {
            String device = discovery.deviceToRemove(topic);
            log.info("removing device {}'s sensors from Home Assistant, as asked on {}", device, topic);
            announce(discovery.forget(device));
        } else {
            announce(discovery.onConfig(topic, payload));
        }
        signal();
    }

    /** True when a topic is one Home Assistant discovery listens to. Any thread. */
    boolean isHomeAssistantTopic(String topic) {
        return discovery != null && discovery.listensTo(topic);
    }

    /** Hands a flight to the client; false when publishing must pause (the client is full or down). */
    private boolean send(Window.Flight f, long now) {
        f.sentNanos = now;
        String topic = f.line != null ? topics.up(f.line.deviceId()) : f.message.topic();
        if (f.line != null && f.payload == null) {
            f.payload = envelope.encode(f.line);
        }
        byte[] payload = f.line != null ? f.payload : f.message.payload();
        int qos = f.line != null ? config.qos() : f.message.qos();
        boolean retained = f.line == null && f.message.retained();
        try {
            link.publish(topic, payload, qos, retained, f);
            return true;
        } catch (MqttLink.Refusal r) {
            return refused(f, r);
        }
    }

    private boolean refused(Window.Flight f, MqttLink.Refusal r) {
        switch (r.kind()) {
            case INVALID -> {
                stats.refused.increment();
                refusedLog.log("the MQTT client refuses {} ({}): skipped", f.line != null
                        ? "line " + f.line.seq() + " of device " + f.line.deviceId() : "a message to " + f.message.topic(),
                        r.getMessage());
                if (f.line != null) {
                    f.done = true; // it can never go: the spool moves past it
                } else {
                    window.withdraw(f);
                }
                return true;
            }
            case BUSY -> {
                return false; // an acknowledgement makes room, and signals
            }
            default -> {
                if (!link.isConnected()) {
                    post(() -> lost(r));
                } else {
                    pumpIn(RETRY_NANOS);
                }
                return false;
            }
        }
    }

    /** A flight the client did not take: a line stays in the window and goes first next time; a message waits again. */
    private void putBack(Window.Flight f) {
        if (f.line != null) {
            retry.add(f);
        } else {
            window.withdraw(f);
            control.offerAgain(f.message);
        }
    }

    // ---- bookkeeping ----

    private void logBacklogNowAndThen(long now) {
        if (now - lastBacklogLogNanos >= BACKLOG_LOG_INTERVAL_NANOS && spool.backlog() > REPORTED_BACKLOG) {
            lastBacklogLogNanos = now;
            log.info("draining: {}", backlogText());
        }
    }

    String backlogText() {
        long backlog = spool.backlog();
        if (backlog == 0) {
            return "no backlog";
        }
        StringBuilder text = new StringBuilder("backlog ").append(Spool.lines(backlog));
        spool.oldestMillis().ifPresent(oldest ->
                text.append(", oldest ").append((System.currentTimeMillis() - oldest) / 1000).append(" s old"));
        if (spool.dropped() > 0) {
            text.append(", ").append(spool.dropped()).append(" dropped (spool full)");
        }
        return text.toString();
    }

    /** Says goodbye to the broker (gateway offline, retained), waiting a moment for it. Publisher thread. */
    void close() {
        closed = true;
        if (!up) {
            return;
        }
        CompletableFuture<Void> goodbye = new CompletableFuture<>();
        try {
            link.publish(topics.gatewayStatus(), Presence.status(false, System.currentTimeMillis(), null), 1, true, goodbye);
        } catch (MqttLink.Refusal e) {
            return;
        }
        try {
            goodbye.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("could not say goodbye to the broker: {}", e.toString());
        }
    }
}
