package io.iotgw.piclient.link;

import io.iotgw.piclient.Printable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's link to the gateways: the firmware's state machine ({@code GatewayLink.cpp}),
 * ported, with its states, outbox and failover rules. Driven by {@link #poll()}: wait for a usable
 * network interface, connect to a gateway of the list, say HELLO, send queued lines and check each
 * echo, and start over with backoff whenever the connection dies or an echo does not come back in
 * time (a half-open connection).
 *
 * <p>Gateways: the first one of the list that answers is used. One that fails is left for the next
 * one in the list, after the jittered backoff. While on any but the first, the first is tried again
 * every {@code preferredRetry} on a connection of its own, and the link moves back once it answers
 * HELLO. Interfaces: when the preferred interface comes back (or the one in use goes), the link
 * reconnects at once to the same gateway over the better one. The id stays the same everywhere.
 *
 * <p>Threads: owned by the link's thread ({@link LinkThread}); other threads only push lines into
 * the {@link Outbox} and read the counters.
 */
public final class GatewayLink {

    public enum State { WAIT_NETWORK, CONNECTING, HELLO, ONLINE, BACKOFF }

    /** Lines written but not yet echoed, at most: bounds what a dead link can swallow. */
    public static final int MAX_UNECHOED = 8;
    /** The longest line taken from the gateway; longer ones are discarded whole. */
    public static final int MAX_LINE_BYTES = 4096;
    static final int READ_WAIT_MS = 50;
    private static final long MISMATCH_LOG_NANOS = Duration.ofSeconds(10).toNanos();
    private static final Logger log = LoggerFactory.getLogger(GatewayLink.class);

    private final LinkSettings settings;
    private final Connector connector;
    private final InterfaceWatch interfaces;
    private final Backoff backoff;
    private final LongSupplier nanoClock;
    private final Outbox outbox;
    private final LinkListener listener;
    private final String hello;
    private final LineReader reader = new LineReader(MAX_LINE_BYTES);
    private final PreferredGatewayTry preferredTry;
    private final byte[] buf = new byte[4096];
    private volatile State state = State.WAIT_NETWORK;
    private volatile int current;
    private volatile String interfaceInUse = "none";
    private volatile long connects;
    private volatile long echoes;
    private volatile long mismatches;
    private volatile long discarded;
    private Connection connection;
    private long waitingSinceNanos;
    private long retryAtNanos;
    private long lastMismatchLogNanos;
    private boolean overlongLogged;
    private boolean waitLogged;

    public GatewayLink(LinkSettings settings, Connector connector, InterfacePicker picker, Backoff backoff,
                       LongSupplier nanoClock, Outbox outbox, LinkListener listener) {
        this.settings = settings;
        this.connector = connector;
        this.interfaces = new InterfaceWatch(picker, nanoClock);
        this.backoff = backoff;
        this.nanoClock = nanoClock;
        this.outbox = outbox;
        this.listener = listener;
        this.hello = settings.hello();
        this.preferredTry = new PreferredGatewayTry(connector, settings.gateways().get(0), hello,
                settings.preferredRetry(), settings.echoTimeout(), nanoClock);
        this.lastMismatchLogNanos = nanoClock.getAsLong() - MISMATCH_LOG_NANOS;
    }

    /** Does the link's work for now; while connected it waits up to {@value #READ_WAIT_MS} ms for the gateway. */
    void poll() {
        interfaces.refresh();
        if (!interfaces.usable()) {
            if (!waitLogged) {
                waitLogged = true;
                String why = interfaces.unusableReason();
                log.info("{}: waiting for one", why);
                drop(why, true);
                state = State.WAIT_NETWORK;
            }
            return;
        }
        switch (state) {
            case WAIT_NETWORK, CONNECTING -> tryConnect();
            case BACKOFF -> {
                if (due(retryAtNanos)) {
                    tryConnect();
                }
            }
            case HELLO, ONLINE -> serve();
        }
    }

    private void serve() {
        if (interfaces.betterThanUsed()) {
            String why = "switching from " + interfaces.via() + " to " + interfaces.bestName();
            log.info("{}", why);
            drop(why, false);
            tryConnect(); // a deliberate switch: the same gateway, at once
            return;
        }
        readIncoming();
        if (state == State.ONLINE) {
            sendPending();
        }
        if ((state == State.HELLO || (state == State.ONLINE && outbox.inFlight() > 0))
                && nanoClock.getAsLong() - waitingSinceNanos > settings.echoTimeout().toNanos()) {
            failOver("no echo within " + settings.echoTimeout().toMillis() + " ms (half-open connection)", true);
            return;
        }
        if (state == State.ONLINE && current != 0) {
            preferredTry.poll(interfaces.address()).ifPresent(this::moveToPreferred);
        }
    }

    private void tryConnect() {
        state = State.CONNECTING;
        waitLogged = false;
        interfaces.useBest();
        Gateway gateway = gateway();
        try {
            connection = connector.connect(gateway, interfaces.address());
        } catch (IOException e) {
            failOver("cannot reach the gateway " + gateway + ": " + e.getMessage(), false);
            return;
        }
        connects++;
        reader.clear();
        overlongLogged = false;
        try {
            connection.write(hello);
        } catch (IOException e) {
            failOver("cannot write to the gateway " + gateway + ": " + e.getMessage(), false);
            return;
        }
        waitingSinceNanos = nanoClock.getAsLong();
        state = State.HELLO;
    }

    private void readIncoming() {
        int n;
        try {
            n = connection.read(buf, READ_WAIT_MS);
        } catch (IOException e) {
            failOver("connection to " + gateway() + " lost: " + e.getMessage(), true);
            return;
        }
        if (n < 0) {
            failOver("the gateway " + gateway() + " closed the connection", true);
            return;
        }
        take(buf, n);
    }

    /** Hands the complete lines in {@code bytes[0..n)} on, until one ends the connection. */
    private void take(byte[] bytes, int n) {
        for (int offset = 0; offset < n; ) {
            offset += reader.feed(bytes, offset, n - offset);
            String line = reader.take();
            if (line != null) {
                onLine(line);
                if (state != State.HELLO && state != State.ONLINE) {
                    return;
                }
            }
        }
        if (reader.discarded() != discarded) {
            discarded = reader.discarded();
            if (!overlongLogged) {
                overlongLogged = true;
                log.warn("a line from the gateway {} longer than {} bytes was discarded ({} so far); "
                        + "further ones on this connection are only counted", gateway(), MAX_LINE_BYTES, discarded);
            }
        }
    }

    private void onLine(String line) {
        if (state == State.HELLO) {
            if (!line.equals(hello)) {
                mismatches++;
                failOver("the gateway " + gateway() + " answered HELLO with " + (line.startsWith("HELLO ")
                        ? "another HELLO (not shown: it may hold the token)" : "'" + Printable.of(line) + "'"), false);
                return;
            }
            state = State.ONLINE;
            backoff.reset(); // only a gateway that answered proves the link works
            interfaceInUse = interfaces.via();
            if (current != 0) {
                preferredTry.schedule();
            }
            log.info("connected to the gateway {} over {} as {}", gateway(), interfaces.via(), settings.deviceId());
            listener.onOnline(gateway(), interfaces.via());
            return;
        }
        if (outbox.takeEcho(line)) {
            echoes++;
            waitingSinceNanos = nanoClock.getAsLong();
            listener.onEcho(line);
            return;
        }
        if (listener.onDownlink(line)) {
            return;
        }
        mismatches++;
        long now = nanoClock.getAsLong();
        if (now - lastMismatchLogNanos >= MISMATCH_LOG_NANOS) {
            lastMismatchLogNanos = now;
            log.warn("unexpected line from the gateway '{}' ({} so far; logged at most every 10 s)", Printable.of(line),
                    mismatches);
        }
    }

    private void sendPending() {
        while (outbox.inFlight() < MAX_UNECHOED) {
            if (outbox.inFlight() == 0) {
                waitingSinceNanos = nanoClock.getAsLong();
            }
            String line = outbox.sendNext();
            if (line == null) {
                return;
            }
            try {
                connection.write(line);
            } catch (IOException e) {
                failOver("cannot write to the gateway " + gateway() + ": " + e.getMessage(), true);
                return;
            }
        }
    }

    private void moveToPreferred(PreferredGatewayTry.Answered answered) {
        connection.close();
        connection = answered.connection();
        outbox.unsend(); // lines the other gateway has not echoed go again here
        reader.clear();
        current = 0;
        backoff.reset();
        waitingSinceNanos = nanoClock.getAsLong();
        log.info("moved back to the preferred gateway {} over {}", gateway(), interfaces.via());
        listener.onOnline(gateway(), interfaces.via());
        take(answered.after(), answered.after().length);
    }

    /** Ends the connection and leaves this gateway for the next in the list, after the backoff. */
    private void failOver(String why, boolean lost) {
        drop(why, lost);
        current = (current + 1) % settings.gateways().size();
        Duration wait = backoff.next();
        retryAtNanos = nanoClock.getAsLong() + wait.toNanos();
        state = State.BACKOFF;
        log.info("{}; trying {} in {} ms", why, gateway(), wait.toMillis());
    }

    private void drop(String why, boolean lost) {
        boolean wasOnline = state == State.ONLINE;
        if (connection != null) {
            connection.close();
            connection = null;
        }
        preferredTry.stop();
        outbox.unsend(); // lines not yet echoed stay queued and go again on the next connection
        reader.clear();
        interfaceInUse = "none";
        if (wasOnline) {
            if (lost) {
                log.warn("gateway connection lost: {}", why);
            }
            listener.onOffline(why);
        }
    }

    private boolean due(long atNanos) {
        return nanoClock.getAsLong() - atNanos >= 0;
    }

    /** Closes the connections; the link's last act, on its thread. */
    void close() {
        drop("stopping", false);
        state = State.WAIT_NETWORK;
    }

    public State state() {
        return state;
    }

    /** The gateway in use or being tried. */
    public Gateway gateway() {
        return settings.gateways().get(current);
    }

    /** The interface the connection goes over while online ("default route" without a list), else "none". */
    public String interfaceInUse() {
        return interfaceInUse;
    }

    public long connects() {
        return connects;
    }

    public long echoes() {
        return echoes;
    }

    /** Lines from the gateway that were neither an echo, nor HELLO's, nor a downlink understood. */
    public long mismatches() {
        return mismatches;
    }

    /** Lines from the gateway longer than {@value #MAX_LINE_BYTES} bytes, discarded whole. */
    public long discardedLines() {
        return discarded;
    }

    public long preferredTries() {
        return preferredTry.tries();
    }

    public Outbox outbox() {
        return outbox;
    }
}
