package io.iotgw.gateway.config;

import io.iotgw.gateway.ha.SensorTable;
import java.util.Objects;

/**
 * Home Assistant MQTT discovery.
 *
 * @param discoveryPrefix where Home Assistant listens for configs; its birth message is {@code <prefix>/status}
 * @param sensors         which sensor kind each reading key gets
 */
public record HaConfig(String discoveryPrefix, SensorTable sensors) {

    public static final String DEFAULT_PREFIX = "homeassistant";

    public HaConfig {
        Objects.requireNonNull(discoveryPrefix, "discoveryPrefix");
        Objects.requireNonNull(sensors, "sensors");
    }
}
