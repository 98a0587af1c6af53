package io.iotgw.gateway.ha;

import java.util.List;
import java.util.Objects;

/**
 * How Home Assistant shows one kind of reading.
 *
 * @param name        how {@code ha-sensors} refers to it, e.g. {@code temperature}
 * @param unit        Home Assistant's {@code unit_of_measurement}, or null for none
 * @param deviceClass Home Assistant's sensor {@code device_class}, or null for none
 * @param stateClass  {@code measurement}, {@code total} or {@code total_increasing}: every sensor here
 *                    has one, so Home Assistant treats its state as a number
 * @param diagnostic  shown among the device's diagnostic entities rather than its sensors
 * @param keys        the reading keys it is for by default (lower case)
 */
public record SensorKind(String name, String unit, String deviceClass, String stateClass, boolean diagnostic,
                         List<String> keys) {

    public static final String MEASUREMENT = "measurement";
    public static final String TOTAL_INCREASING = "total_increasing";

    public SensorKind {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(stateClass, "stateClass");
        keys = List.copyOf(keys);
    }

    static SensorKind of(String name, String unit, String deviceClass, String stateClass, boolean diagnostic,
                         String... keys) {
        return new SensorKind(name, unit, deviceClass, stateClass, diagnostic, List.of(keys));
    }
}
