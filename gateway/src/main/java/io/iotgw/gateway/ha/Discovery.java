package io.iotgw.gateway.ha;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.iotgw.gateway.config.HaConfig;
import io.iotgw.gateway.device.Hello;
import io.iotgw.gateway.readings.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Home Assistant MQTT discovery: which retained configs to publish, and when. A device's numeric
 * field gets a sensor the first time it appears; everything is announced again after a broker
 * reconnect and after Home Assistant's birth message. The broker keeps the configs, and the gateway
 * learns them back from it after a restart (subscribe to {@link #configFilter()}, pass each message
 * to {@link #onConfig}), so it knows a device's sensors when asked to remove them. It only decides;
 * the caller publishes each {@link Announcement} at QoS 1.
 *
 * <p>Owned by the publishing thread: not thread-safe.
 */
public final class Discovery {

    /** Sensors one device can have; further numeric keys are not announced (counted, logged once per device). */
    public static final int MAX_KEYS_PER_DEVICE = 64;
    /** Devices announced at most, learned ones included; more are not announced (logged once). */
    public static final int MAX_DEVICES = 50_000;
    /** A config on the broker larger than this is not one of ours. */
    private static final int MAX_CONFIG_BYTES = 16 * 1024;

    private static final Logger log = LoggerFactory.getLogger(Discovery.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HaConfig config;
    private final String topicPrefix;
    private final String gatewayId;
    private final ConfigPayloads payloads;
    private final String sensorTopicBase;
    private final AnnouncedKeys announced = new AnnouncedKeys();
    private long foreignConfigs;

    /**
     * @param topicPrefix the bridge's topic prefix, for the devices' {@code up} and {@code status} topics
     * @param version     the gateway's version, shown in Home Assistant
     */
    public Discovery(HaConfig config, String topicPrefix, String gatewayId, String version) {
        this.config = config;
        this.topicPrefix = topicPrefix;
        this.gatewayId = gatewayId;
        this.payloads = new ConfigPayloads(gatewayId, version, topicPrefix + "/" + gatewayId + "/status");
        this.sensorTopicBase = config.discoveryPrefix() + "/sensor/" + ObjectIds.of(gatewayId) + "/";
    }

    /**
     * The configs a line's numeric fields call for now: those of keys this device has not had.
     * A device named after its address (no HELLO) is never announced: its name changes with every
     * connection. Cheap when nothing is new, as for almost every line.
     *
     * @param remote the device's address, {@code ip:port}
     */
    public List<Announcement> onFields(String deviceId, String remote, List<String> numericKeys) {
        if (numericKeys.isEmpty() || announced.hasAll(deviceId, numericKeys)) {
            return List.of();
        }
        List<Announcement> out = null;
        for (String key : numericKeys) {
            Optional<SensorKind> kind = config.sensors().kindOf(key);
            if (kind.isEmpty() || announced.has(deviceId, key)) {
                continue;
            }
            if (isAddressName(deviceId, remote)) {
                return List.of();
            }
            if (announced.add(deviceId, key)) {
                out = out != null ? out : new ArrayList<>();
                out.add(sensor(deviceId, key, kind.get()));
                log.info("Home Assistant: announcing {} of device {}", key, deviceId);
            }
        }
        return out != null ? out : List.of();
    }

    /** Everything to announce after a (re)connect or Home Assistant's birth: the gateway first, then every sensor. */
    public List<Announcement> all() {
        List<Announcement> out = new ArrayList<>();
        out.add(gateway()); // first, so that Home Assistant knows the via_device of the sensors after it
        announced.forEach((deviceId, key) ->
                config.sensors().kindOf(key).ifPresent(kind -> out.add(sensor(deviceId, key, kind))));
        return out;
    }

    /** The gateway's own device, which every device's sensors name as {@code via_device}. */
    public Announcement gateway() {
        return Announcement.config(config.discoveryPrefix() + "/binary_sensor/" + ObjectIds.of(gatewayId)
                + "/connection/config", payloads.gateway());
    }

    /**
     * Removes a device's sensors from Home Assistant: an empty retained config for each. They come
     * back if the device sends those fields again.
     */
    public List<Announcement> forget(String deviceId) {
        Set<String> keys = announced.removeDevice(deviceId);
        if (keys == null) {
            log.info("Home Assistant: nothing to remove for device {}: none of its fields was announced", deviceId);
            return List.of();
        }
        List<Announcement> out = new ArrayList<>(keys.size());
        for (String key : keys) {
            out.add(Announcement.removal(sensorTopicBase + ObjectIds.of(deviceId, key) + "/config"));
        }
        log.info("Home Assistant: removing the {} sensors of device {}", keys.size(), deviceId);
        return out;
    }

    /** Home Assistant's birth and last-will topic. */
    public String birthTopic() {
        return config.discoveryPrefix() + "/status";
    }

    /** True for Home Assistant's birth message: it has (re)started and wants every config again. */
    public boolean isBirth(String topic, byte[] payload) {
        return topic.equals(birthTopic()) && "online".equals(new String(payload, StandardCharsets.UTF_8).strip());
    }

    /** Where a user asks to remove a device's sensors: {@code <topic-prefix>/<gateway>/<device>/ha-remove}. */
    public String removeFilter() {
        return topicPrefix + "/" + gatewayId + "/+/ha-remove";
    }

    /** The device a remove request names, or null when the topic is not one (or names no valid device id). */
    public String deviceToRemove(String topic) {
        String base = topicPrefix + "/" + gatewayId + "/";
        if (!topic.startsWith(base) || !topic.endsWith("/ha-remove")) {
            return null;
        }
        String deviceId = topic.substring(base.length(), topic.length() - "/ha-remove".length());
        return Hello.DEVICE_ID.matcher(deviceId).matches() ? deviceId : null;
    }

    /** This gateway's sensor configs on the broker: {@code <ha-prefix>/sensor/<gateway>/+/config}. */
    public String configFilter() {
        return sensorTopicBase + "+/config";
    }

    /** True for a topic of the three this gateway subscribes to for Home Assistant. Any thread. */
    public boolean listensTo(String topic) {
        return topic.equals(birthTopic()) || deviceToRemove(topic) != null
                || (topic.startsWith(sensorTopicBase) && topic.endsWith("/config")
                        && topic.indexOf('/', sensorTopicBase.length()) == topic.length() - "/config".length());
    }

    /**
     * A config under {@link #configFilter()} as the broker has it: retained ones after a (re)connect,
     * and every change since, this gateway's own included. A config the gateway did not know (it has
     * restarted) is learned; one that differs from what this gateway now makes of it (a new version,
     * another {@code ha-sensors}) is answered with the current one, or removed if its key is now left
     * out. An empty one (removed, e.g. by deleting the entity in Home Assistant) is forgotten, so the
     * sensor comes back with its next reading.
     */
    public List<Announcement> onConfig(String topic, byte[] payload) {
        if (!topic.startsWith(sensorTopicBase) || !topic.endsWith("/config")) {
            return List.of();
        }
        String objectId = topic.substring(sensorTopicBase.length(), topic.length() - "/config".length());
        if (payload.length == 0) {
            announced.removeObjectId(objectId);
            return List.of();
        }
        if (announced.hasObjectId(objectId)) {
            return List.of(); // ours, as announced
        }
        AnnouncedKeys.DeviceKey learned = parse(objectId, payload);
        if (learned == null) {
            if (foreignConfigs++ == 0) {
                log.info("Home Assistant: ignoring configs under {} that this gateway did not make", sensorTopicBase);
            }
            return List.of();
        }
        Optional<SensorKind> kind = config.sensors().kindOf(learned.key());
        if (kind.isEmpty()) {
            return List.of(Announcement.removal(topic));
        }
        if (!announced.add(learned.deviceId(), learned.key())) {
            return List.of();
        }
        Announcement current = sensor(learned.deviceId(), learned.key(), kind.get());
        return Arrays.equals(current.payload(), payload) ? List.of() : List.of(current);
    }

    /** Numeric keys not announced because a device had {@value #MAX_KEYS_PER_DEVICE} already. */
    public long keysRefused() {
        return announced.refused();
    }

    private Announcement sensor(String deviceId, String key, SensorKind kind) {
        String deviceTopic = topicPrefix + "/" + gatewayId + "/" + deviceId;
        return Announcement.config(sensorTopicBase + ObjectIds.of(deviceId, key) + "/config",
                payloads.sensor(deviceId, key, kind, deviceTopic + "/up", deviceTopic + "/status"));
    }

    /** The device and key a config on the broker is for, when this gateway made it; null otherwise. */
    private AnnouncedKeys.DeviceKey parse(String objectId, byte[] payload) {
        if (payload.length > MAX_CONFIG_BYTES) {
            return null;
        }
        JsonNode uniqueId;
        try {
            uniqueId = JSON.readTree(payload).path("unique_id");
        } catch (IOException e) {
            return null;
        }
        String[] parts = uniqueId.asText("").split(":", -1);
        if (parts.length != 4 || !parts[0].equals("iotgw") || !parts[1].equals(gatewayId)
                || !Hello.DEVICE_ID.matcher(parts[2]).matches() || !Keys.isValid(parts[3])
                || !ObjectIds.of(parts[2], parts[3]).equals(objectId)) {
            return null;
        }
        return new AnnouncedKeys.DeviceKey(parts[2], parts[3]);
    }

    /** A device is address-named when its id is {@code <ip>-<port>} of its own {@code ip:port} (or {@code [ip]:port}). */
    static boolean isAddressName(String deviceId, String remote) {
        int colon = remote.lastIndexOf(':');
        if (colon < 1) {
            return false;
        }
        boolean bracketed = remote.charAt(0) == '[' && remote.charAt(colon - 1) == ']';
        int hostStart = bracketed ? 1 : 0;
        int hostLength = (bracketed ? colon - 1 : colon) - hostStart;
        int portLength = remote.length() - colon - 1;
        return deviceId.length() == hostLength + 1 + portLength
                && deviceId.regionMatches(0, remote, hostStart, hostLength)
                && deviceId.charAt(hostLength) == '-'
                && deviceId.regionMatches(hostLength + 1, remote, colon + 1, portLength);
    }
}
