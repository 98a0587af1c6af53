package io.iotgw.gateway.bridge;

import io.iotgw.gateway.device.DeviceSession;
import java.util.HashMap;
import java.util.Map;

/**
 * Device presence: which devices are online here, told to the broker as retained status messages
 * through the control queue (so a storm of arrivals waits its turn in the window, and a device's
 * changes while it waits coalesce to its latest state). After a reconnect every online device is
 * told again: the broker may have lost its retained state. Publisher thread.
 */
final class PresenceBook {

    private static final byte[] CLEAR_RETAINED = new byte[0];

    private final ControlQueue queue;
    private final Topics topics;
    /** A device online here, and since when (the {@code ts} of its status). */
    private record Arrival(DeviceSession device, long millis) {
    }

    private final Map<String, Arrival> online = new HashMap<>();

    PresenceBook(ControlQueue queue, Topics topics) {
        this.queue = queue;
        this.topics = topics;
    }

    void arrived(DeviceSession device) {
        Arrival arrival = new Arrival(device, System.currentTimeMillis());
        online.put(device.deviceId(), arrival);
        announceOnline(arrival);
    }

    /** A HELLO-named device is retained offline; an address-named one, whose name never returns, leaves nothing retained. */
    void left(DeviceSession device) {
        Arrival arrival = online.get(device.deviceId());
        if (arrival == null || arrival.device() != device) {
            return; // a newer connection has the id by now
        }
        online.remove(device.deviceId());
        byte[] payload = device.helloNamed()
                ? Presence.status(false, System.currentTimeMillis(), device.remote()) : CLEAR_RETAINED;
        queue.offer(new Outgoing(topics.deviceStatus(device.deviceId()), payload, 1, true));
    }

    /** After (re)connecting: every device online here is announced again. */
    void resync() {
        online.values().forEach(this::announceOnline);
    }

    int online() {
        return online.size();
    }

    private void announceOnline(Arrival arrival) {
        DeviceSession device = arrival.device();
        queue.offer(new Outgoing(topics.deviceStatus(device.deviceId()),
                Presence.status(true, arrival.millis(), device.remote()), 1, true));
    }
}
