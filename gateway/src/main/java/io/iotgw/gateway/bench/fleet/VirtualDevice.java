package io.iotgw.gateway.bench.fleet;

import java.util.SplittableRandom;

/**
 * One simulated device with the firmware's behaviour: HELLO, a reading every interval (the first at
 * a random moment of the first interval), each line checked against its echo with a timeout, the
 * firmware's outbox, full-jitter exponential backoff, and its gateway list: the first that answers
 * is used, a failing one is left for the next after the backoff, and while on another the first is
 * tried again every preferred-retry on a second connection, moving back once it echoes HELLO.
 *
 * <p>Owned by one event loop: every method runs on it, so nothing here is shared or locked.
 */
final class VirtualDevice {

    enum State { IDLE, CONNECTING, HELLO, ONLINE, BACKOFF }

    private final int index;
    private final String hello;
    private final FleetConfig config;
    private final FleetStats stats;
    private final DeviceNetwork network;
    private final SplittableRandom random;
    private final DeviceOutbox outbox;
    private final long startNanos;
    private State state = State.IDLE;
    private int current; // the position in this device's own list (see FleetConfig.gatewayOf)
    private DeviceNetwork.Link link;
    private DeviceNetwork.Link spare;
    private boolean spareSaidHello;
    private long waitingSinceNanos;
    private long echoCheckEpoch = -1; // the connection a pending echo check watches
    private int backoffAttempt;
    private long epoch; // advances whenever the connection changes: timers of an older one then do nothing
    private long readings;
    private boolean stopped;

    VirtualDevice(int index, FleetConfig config, FleetStats stats, DeviceNetwork network, long seed) {
        this.index = index;
        this.hello = "HELLO " + config.deviceId(index);
        this.config = config;
        this.stats = stats;
        this.network = network;
        this.random = new SplittableRandom(seed);
        this.outbox = new DeviceOutbox(config.outboxLines(), stats);
        this.startNanos = network.nanoTime();
    }

    int index() {
        return index;
    }

    State state() {
        return state;
    }

    /** The gateway in use or being tried, as an index into the fleet's list. */
    int gateway() {
        return config.gatewayOf(index, current);
    }

    /** Boots the device: the first connect within the ramp, the first reading within the first interval. */
    void start() {
        long ramp = config.ramp().toNanos();
        network.schedule(this, this::connect, ramp > 0 ? random.nextLong(ramp) : 0);
        network.schedule(this, this::reading, random.nextLong(config.interval().toNanos()));
    }

    /** Stops all activity: closes the connections, takes no more readings. */
    void stop() {
        stopped = true;
        epoch++;
        closeLink();
        closeSpare();
    }

    private void reading() {
        if (stopped) {
            return;
        }
        network.schedule(this, this::reading, config.interval().toNanos());
        readings++;
        stats.readings.increment();
        outbox.push("n=" + readings + " uptime_ms=" + (network.nanoTime() - startNanos) / 1_000_000
                + " heap=200000 rssi=-60 sensor=-1");
        if (state == State.ONLINE) {
            sendPending();
        }
    }

    private void connect() {
        if (stopped) {
            return;
        }
        state = State.CONNECTING;
        epoch++;
        link = network.connect(this, gateway());
    }

    void connected(DeviceNetwork.Link which) {
        if (which == spare) {
            spare.write(hello);
            spareSaidHello = true;
            long spareEpoch = epoch;
            network.schedule(this, () -> spareTimedOut(which, spareEpoch), config.echoTimeout().toNanos());
            return;
        }
        if (which != link || state != State.CONNECTING) {
            which.close();
            return;
        }
        stats.connects.increment();
        link.write(hello);
        state = State.HELLO;
        waitingSinceNanos = network.nanoTime();
        armEchoCheck();
    }

    void connectFailed(DeviceNetwork.Link which) {
        if (which == spare) {
            spare = null;
            return;
        }
        if (which == link) {
            stats.connectFailures.increment();
            link = null;
            failOver();
        }
    }

    void line(DeviceNetwork.Link which, String line) {
        if (which == spare) {
            spareLine(line);
            return;
        }
        if (which != link) {
            return;
        }
        if (state == State.HELLO) {
            if (!line.equals(hello)) {
                stats.mismatches.increment();
                dropAndFailOver();
                return;
            }
            state = State.ONLINE;
            backoffAttempt = 0;
            stats.online(gateway());
            if (current != 0) {
                schedulePreferredTry();
            }
            sendPending();
            return;
        }
        if (outbox.takeEcho(line)) {
            stats.echoed.increment();
            waitingSinceNanos = network.nanoTime();
            sendPending();
        } else {
            stats.mismatches.increment();
        }
    }

    /** A line longer than the limit came and was discarded whole. */
    void overlong(DeviceNetwork.Link which) {
        if (which == link) {
            stats.discarded.increment();
        }
    }

    void closed(DeviceNetwork.Link which) {
        if (which == spare) {
            spare = null;
            spareSaidHello = false;
        } else if (which == link && (state == State.HELLO || state == State.ONLINE)) {
            link = null;
            dropAndFailOver();
        }
    }

    private void sendPending() {
        while (outbox.inFlight() < config.window()) {
            if (outbox.inFlight() == 0) {
                waitingSinceNanos = network.nanoTime();
            }
            String line = outbox.sendNext();
            if (line == null) {
                break;
            }
            link.write(line);
            stats.sent.increment();
        }
        if (outbox.inFlight() > 0) {
            armEchoCheck();
        }
    }

    /** One timer per connection watches for an echo that does not come: a half-open connection. */
    private void armEchoCheck() {
        if (echoCheckEpoch == epoch) {
            return;
        }
        echoCheckEpoch = epoch;
        long armedEpoch = epoch;
        long due = waitingSinceNanos + config.echoTimeout().toNanos() - network.nanoTime();
        network.schedule(this, () -> echoCheck(armedEpoch), Math.max(0, due) + 1);
    }

    private void echoCheck(long armedEpoch) {
        if (armedEpoch != epoch) {
            return;
        }
        echoCheckEpoch = -1;
        if (!(state == State.HELLO || (state == State.ONLINE && outbox.inFlight() > 0))) {
            return;
        }
        if (network.nanoTime() - waitingSinceNanos > config.echoTimeout().toNanos()) {
            dropAndFailOver();
        } else {
            armEchoCheck();
        }
    }

    private void dropAndFailOver() {
        closeLink();
        failOver();
    }

    /** Leaves this gateway for the next in the list, after the jittered backoff. */
    private void failOver() {
        current = (current + 1) % config.gateways().size();
        state = State.BACKOFF;
        long ceiling = Math.min(config.backoffCap().toNanos(), config.backoffBase().toNanos() << Math.min(backoffAttempt, 30));
        backoffAttempt++;
        network.schedule(this, this::connect, random.nextLong(Math.max(1, ceiling)));
    }

    private void closeLink() {
        if (state == State.ONLINE) {
            stats.offline(gateway());
        }
        epoch++;
        outbox.unsend();
        closeSpare();
        if (link != null) {
            DeviceNetwork.Link old = link;
            link = null;
            old.close();
        }
    }

    private void schedulePreferredTry() {
        long tryEpoch = epoch;
        network.schedule(this, () -> tryPreferred(tryEpoch), config.preferredRetry().toNanos());
    }

    private void tryPreferred(long tryEpoch) {
        if (tryEpoch != epoch || state != State.ONLINE || current == 0 || stopped) {
            return;
        }
        schedulePreferredTry();
        if (spare == null) {
            spare = network.connect(this, config.gatewayOf(index, 0));
        }
    }

    private void spareLine(String line) {
        if (!spareSaidHello) {
            return;
        }
        if (!line.equals(hello)) {
            closeSpare();
            return;
        }
        // The preferred gateway answered: it becomes the link; the other's unechoed lines go again here.
        DeviceNetwork.Link previous = link;
        link = spare;
        spare = null;
        spareSaidHello = false;
        epoch++;
        previous.close();
        outbox.unsend();
        stats.moved(gateway(), config.gatewayOf(index, 0));
        current = 0;
        backoffAttempt = 0;
        sendPending();
    }

    private void spareTimedOut(DeviceNetwork.Link which, long spareEpoch) {
        if (which == spare && spareEpoch == epoch) {
            closeSpare();
        }
    }

    private void closeSpare() {
        if (spare != null) {
            DeviceNetwork.Link old = spare;
            spare = null;
            spareSaidHello = false;
            old.close();
        }
    }

    /** Lines waiting in the outbox (read on the device's loop). */
    int queued() {
        return outbox.size();
    }
}
