package io.iotgw.gateway.ha;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which keys of which device have a sensor in Home Assistant, found both ways: by device (to skip
 * what is announced, to remove a device) and by the config's object id (for the broker's copies).
 * Bounded: {@value Discovery#MAX_DEVICES} devices, {@value Discovery#MAX_KEYS_PER_DEVICE} keys each.
 * Owned by the publishing thread, like {@link Discovery}.
 */
final class AnnouncedKeys {

    record DeviceKey(String deviceId, String key) {
    }

    private static final Logger log = LoggerFactory.getLogger(AnnouncedKeys.class);

    private final Map<String, Set<String>> byDevice = new HashMap<>();
    private final Map<String, DeviceKey> byObjectId = new HashMap<>();
    private final Set<String> warnedDevices = new HashSet<>();
    private boolean warnedTooManyDevices;
    private long refused;

    /** True when the device has a sensor for every one of these keys (the usual line). */
    boolean hasAll(String deviceId, List<String> keys) {
        Set<String> known = byDevice.get(deviceId);
        if (known == null) {
            return false;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (!known.contains(keys.get(i))) {
                return false;
            }
        }
        return true;
    }

    boolean has(String deviceId, String key) {
        Set<String> known = byDevice.get(deviceId);
        return known != null && known.contains(key);
    }

    boolean hasObjectId(String objectId) {
        return byObjectId.containsKey(objectId);
    }

    /** Adds a key; false when it was there already or a bound keeps it out (counted, logged once). */
    boolean add(String deviceId, String key) {
        Set<String> known = byDevice.get(deviceId);
        if (known == null) {
            if (byDevice.size() >= Discovery.MAX_DEVICES) {
                if (!warnedTooManyDevices) {
                    warnedTooManyDevices = true;
                    log.warn("Home Assistant: {} devices announced, the most this gateway does; {} and later ones are not",
                            Discovery.MAX_DEVICES, deviceId);
                }
                return false;
            }
            known = new HashSet<>();
            byDevice.put(deviceId, known);
        }
        if (known.contains(key)) {
            return false;
        }
        if (known.size() >= Discovery.MAX_KEYS_PER_DEVICE) {
            refused++;
            if (warnedDevices.size() < Discovery.MAX_DEVICES && warnedDevices.add(deviceId)) {
                log.warn("Home Assistant: device {} has {} sensors, the most a device gets; key {} and later ones are "
                        + "not announced", deviceId, Discovery.MAX_KEYS_PER_DEVICE, key);
            }
            return false;
        }
        known.add(key);
        byObjectId.put(ObjectIds.of(deviceId, key), new DeviceKey(deviceId, key));
        return true;
    }

    /** Removes a device; its keys, or null when it had none. */
    Set<String> removeDevice(String deviceId) {
        Set<String> keys = byDevice.remove(deviceId);
        if (keys != null) {
            for (String key : keys) {
                byObjectId.remove(ObjectIds.of(deviceId, key));
            }
        }
        return keys;
    }

    /** Removes the key a config's object id stands for, if known. */
    void removeObjectId(String objectId) {
        DeviceKey gone = byObjectId.remove(objectId);
        if (gone != null) {
            Set<String> keys = byDevice.get(gone.deviceId());
            keys.remove(gone.key());
            if (keys.isEmpty()) {
                byDevice.remove(gone.deviceId());
            }
        }
    }

    void forEach(BiConsumer<String, String> deviceAndKey) {
        byDevice.forEach((device, keys) -> keys.forEach(key -> deviceAndKey.accept(device, key)));
    }

    long refused() {
        return refused;
    }
}
