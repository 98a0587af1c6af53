package io.iotgw.gateway.config;

import java.util.Objects;
import java.util.Optional;

/**
 * What the bridge makes of device lines beyond the envelope.
 *
 * @param fields        read each line as a reading into the envelope's {@code fields}
 * @param homeAssistant Home Assistant discovery of numeric fields, when turned on; it needs {@code fields}
 */
public record ReadingsConfig(boolean fields, Optional<HaConfig> homeAssistant) {

    public ReadingsConfig {
        Objects.requireNonNull(homeAssistant, "homeAssistant");
        if (!fields && homeAssistant.isPresent()) {
            throw new IllegalArgumentException("Home Assistant discovery needs fields");
        }
    }
}
