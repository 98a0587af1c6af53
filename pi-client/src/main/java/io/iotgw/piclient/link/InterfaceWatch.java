package io.iotgw.piclient.link;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The link's view of the interfaces: the best one now (looked at every {@link #CHECK}, not at
 * every poll), and the one its connection goes over. Owned by the link's thread.
 */
final class InterfaceWatch {

    static final Duration CHECK = Duration.ofMillis(200);

    private final InterfacePicker picker;
    private final LongSupplier nanoClock;
    private Optional<InterfacePicker.Choice> best = Optional.empty();
    private Optional<InterfacePicker.Choice> used = Optional.empty();
    private long nextCheckNanos;

    InterfaceWatch(InterfacePicker picker, LongSupplier nanoClock) {
        this.picker = picker;
        this.nanoClock = nanoClock;
        this.nextCheckNanos = nanoClock.getAsLong();
    }

    /** Looks at the interfaces again if it is time to. */
    void refresh() {
        long now = nanoClock.getAsLong();
        if (now - nextCheckNanos >= 0) {
            best = picker.pick();
            nextCheckNanos = now + CHECK.toNanos();
        }
    }

    /** False while a preference list is given and none of it is up with an address. */
    boolean usable() {
        return picker.preference().isEmpty() || best.isPresent();
    }

    String unusableReason() {
        return "none of the interfaces " + picker.preference() + " is up with an address";
    }

    /** A new connection goes over the best interface now. */
    void useBest() {
        used = best;
    }

    /** Whether the best interface is another than the connection's: then the link should move. */
    boolean betterThanUsed() {
        return !best.map(InterfacePicker.Choice::name).equals(used.map(InterfacePicker.Choice::name));
    }

    String bestName() {
        return best.map(InterfacePicker.Choice::name).orElse("none");
    }

    /** The local address to connect from; empty: wherever the system routes. */
    Optional<InetAddress> address() {
        return used.map(InterfacePicker.Choice::address);
    }

    /** The interface of the connection, or "default route". */
    String via() {
        return used.map(InterfacePicker.Choice::name).orElse("default route");
    }
}
