package io.iotgw.gateway.bridge;

import io.iotgw.gateway.echo.DeviceSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Device presence: which devices are online here, and which the broker holds as online (its
 * retained status), so that what changed during a broker outage is put right on reconnect.
 * Used on the bridge thread only.
 */
final class PresenceBook {

    private static final byte[] CLEAR_RETAINED = new byte[0];

    private final MqttLink link;
    private final Topics topics;
    private final Map<String, DeviceSession> online = new HashMap<>();
    private final Set<String> announced = new HashSet<>();

    PresenceBook(MqttLink link, Topics topics) {
        this.link = link;
        this.topics = topics;
    }

    void arrived(DeviceSession device, boolean connected) {
        online.put(device.deviceId(), device);
        if (connected) {
            announceOnline(device);
        }
    }

    void left(DeviceSession device, boolean connected) {
        online.remove(device.deviceId(), device);
        if (connected) {
            announceGone(device.deviceId(), device);
        }
    }

    /** After (re)connecting: the broker learns who left meanwhile and who is here. */
    void resync() {
        for (String id : new ArrayList<>(announced)) {
            if (!online.containsKey(id)) {
                announceGone(id, null);
            }
        }
        for (DeviceSession device : online.values()) {
            announceOnline(device);
        }
    }

    private void announceOnline(DeviceSession device) {
        link.publish(topics.deviceStatus(device.deviceId()),
                Presence.status(true, System.currentTimeMillis(), device.remote()), 1, true);
        announced.add(device.deviceId());
    }

    /** A HELLO-named device is retained offline; an address-named one, whose name never returns, leaves nothing retained. */
    private void announceGone(String deviceId, DeviceSession device) {
        boolean addressName = device != null && !device.helloNamed();
        byte[] payload = addressName ? CLEAR_RETAINED
                : Presence.status(false, System.currentTimeMillis(), device == null ? null : device.remote());
        link.publish(topics.deviceStatus(deviceId), payload, 1, true);
        announced.remove(deviceId);
    }
}
