package io.iotgw.gateway.ha;

import io.iotgw.gateway.config.Setting.RuleViolation;
import io.iotgw.gateway.readings.Keys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which {@link SensorKind} each reading key gets: the user's {@code ha-sensors} entries first, then
 * the built-in {@link SensorKinds} table. Immutable.
 *
 * <p>{@code ha-sensors} is {@code KEY=SPEC} entries separated by {@code ;}, where SPEC is {@code -}
 * (not announced), the name of a built-in kind ({@code water_temp=temperature}) or
 * {@code UNIT[,DEVICE_CLASS[,STATE_CLASS]]} ({@code soil=%,moisture}; empty parts allowed, the state class
 * {@code measurement} unless given). In YAML it is a mapping from key to SPEC.
 */
public final class SensorTable {

    public static final SensorTable BUILT_IN = new SensorTable(Map.of());

    private static final String FORM = "must be KEY=KIND, KEY=UNIT[,DEVICE_CLASS[,STATE_CLASS]] or KEY=- entries "
            + "separated by ';', such as 'water_temp=temperature;soil=%,moisture;n=-'";
    private static final Set<String> STATE_CLASSES = Set.of("measurement", "measurement_angle", "total", "total_increasing");
    /** Home Assistant's device classes whose state is not a number (sensor/const.py NON_NUMERIC_DEVICE_CLASSES). */
    private static final Set<String> NON_NUMERIC_CLASSES = Set.of("date", "enum", "timestamp", "uptime");

    /** By key; an empty value means "not announced". */
    private final Map<String, Optional<SensorKind>> entries;

    private SensorTable(Map<String, Optional<SensorKind>> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** The kind for a key, or empty when the key is not to be announced. */
    public Optional<SensorKind> kindOf(String key) {
        Optional<SensorKind> entry = entries.get(key);
        return entry != null ? entry : Optional.of(SensorKinds.forKey(key));
    }

    /** Parses {@code ha-sensors}; the exception's message is the rule the text breaks. */
    public static SensorTable parse(String raw) throws RuleViolation {
        Map<String, Optional<SensorKind>> entries = new LinkedHashMap<>();
        for (String entry : raw.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new RuleViolation(FORM);
            }
            String key = entry.substring(0, eq).strip();
            if (!Keys.isValid(key)) {
                throw new RuleViolation("must map reading keys of 1 to 64 of A-Z a-z 0-9 _ . - (not '" + key + "')");
            }
            if (entries.put(key, spec(key, entry.substring(eq + 1).strip())) != null) {
                throw new RuleViolation("must map each key once (" + key + " is there twice)");
            }
        }
        if (entries.isEmpty()) {
            throw new RuleViolation(FORM);
        }
        return new SensorTable(entries);
    }

    private static Optional<SensorKind> spec(String key, String spec) throws RuleViolation {
        if (spec.equals("-")) {
            return Optional.empty();
        }
        SensorKind named = SensorKinds.named(spec);
        if (named != null) {
            return Optional.of(named);
        }
        String[] parts = spec.split(",", -1);
        if (parts.length > 3 || spec.isEmpty() || spec.chars().anyMatch(Character::isISOControl)) {
            throw new RuleViolation(FORM + " (kinds: " + kindNames() + ")");
        }
        String unit = parts[0].strip();
        String deviceClass = parts.length > 1 ? parts[1].strip() : "";
        String stateClass = parts.length > 2 ? parts[2].strip() : "";
        if (!deviceClass.isEmpty() && (!deviceClass.matches("[a-z0-9_]+") || NON_NUMERIC_CLASSES.contains(deviceClass))) {
            throw new RuleViolation("must give " + key + " a numeric Home Assistant device class in lower case, such as "
                    + "temperature or moisture (not '" + deviceClass + "')");
        }
        if (!stateClass.isEmpty() && !STATE_CLASSES.contains(stateClass)) {
            throw new RuleViolation("must give " + key + " a state class of measurement, measurement_angle, total or "
                    + "total_increasing (not '" + stateClass + "')");
        }
        return Optional.of(new SensorKind("custom", unit.isEmpty() ? null : unit,
                deviceClass.isEmpty() ? null : deviceClass, stateClass.isEmpty() ? SensorKind.MEASUREMENT : stateClass,
                false, List.of()));
    }

    private static String kindNames() {
        return SensorKinds.ALL.stream().map(SensorKind::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return entries.isEmpty() ? "built-in" : "built-in and " + entries.keySet();
    }
}
