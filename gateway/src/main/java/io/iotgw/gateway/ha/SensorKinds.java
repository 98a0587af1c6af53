package io.iotgw.gateway.ha;

import static io.iotgw.gateway.ha.SensorKind.MEASUREMENT;
import static io.iotgw.gateway.ha.SensorKind.TOTAL_INCREASING;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kinds of readings the gateway knows: one row per kind, with the keys it is for. A key in no
 * row is a plain {@link #MEASUREMENT_ONLY measurement}; {@code ha-sensors} maps more keys. Units and
 * classes are Home Assistant's (homeassistant/const.py, components/sensor/const.py); a test holds
 * each row to the units Home Assistant accepts for its device class.
 */
public final class SensorKinds {

    public static final SensorKind TEMPERATURE = SensorKind.of("temperature", "°C", "temperature", MEASUREMENT, false,
            "temp", "temperature", "temp_c", "temperature_c", "cpu_temp", "cpu_temp_c", "soc_temp_c");
    public static final SensorKind TEMPERATURE_F = SensorKind.of("temperature_f", "°F", "temperature", MEASUREMENT, false,
            "temp_f", "temperature_f");
    public static final SensorKind HUMIDITY = SensorKind.of("humidity", "%", "humidity", MEASUREMENT, false,
            "humidity", "hum", "rh", "humidity_pct");
    public static final SensorKind PRESSURE = SensorKind.of("pressure", "hPa", "atmospheric_pressure", MEASUREMENT, false,
            "pressure", "pressure_hpa");
    public static final SensorKind ILLUMINANCE = SensorKind.of("illuminance", "lx", "illuminance", MEASUREMENT, false,
            "lux", "illuminance");
    public static final SensorKind CO2 = SensorKind.of("co2", "ppm", "carbon_dioxide", MEASUREMENT, false,
            "co2", "co2_ppm");
    public static final SensorKind BATTERY = SensorKind.of("battery", "%", "battery", MEASUREMENT, false,
            "battery", "battery_pct");
    public static final SensorKind VOLTAGE = SensorKind.of("voltage", "V", "voltage", MEASUREMENT, false,
            "voltage", "voltage_v", "vbat");
    public static final SensorKind RSSI = SensorKind.of("rssi", "dBm", "signal_strength", MEASUREMENT, true,
            "rssi", "wifi_rssi", "rssi_dbm");
    public static final SensorKind HEAP = SensorKind.of("heap", "B", "data_size", MEASUREMENT, true,
            "heap", "free_heap", "heap_free");
    public static final SensorKind UPTIME_MS = SensorKind.of("uptime_ms", "ms", "duration", TOTAL_INCREASING, true,
            "uptime_ms");
    public static final SensorKind UPTIME_S = SensorKind.of("uptime_s", "s", "duration", TOTAL_INCREASING, true,
            "uptime_s", "uptime");
    /** Counts since the device started: the firmware's reading number and its dropped readings. */
    public static final SensorKind COUNTER = SensorKind.of("counter", null, null, TOTAL_INCREASING, true,
            "n", "count", "dropped");
    public static final SensorKind LOAD = SensorKind.of("load", null, null, MEASUREMENT, true,
            "load1", "load5", "load15");
    /** Any other number: no unit, no class, a measurement. */
    public static final SensorKind MEASUREMENT_ONLY = SensorKind.of("measurement", null, null, MEASUREMENT, false);

    public static final List<SensorKind> ALL = List.of(TEMPERATURE, TEMPERATURE_F, HUMIDITY, PRESSURE, ILLUMINANCE,
            CO2, BATTERY, VOLTAGE, RSSI, HEAP, UPTIME_MS, UPTIME_S, COUNTER, LOAD, MEASUREMENT_ONLY);

    private static final Map<String, SensorKind> BY_KEY = byKey();
    private static final Map<String, SensorKind> BY_NAME = byName();

    private SensorKinds() {
    }

    private static Map<String, SensorKind> byKey() {
        Map<String, SensorKind> byKey = new HashMap<>();
        for (SensorKind kind : ALL) {
            for (String key : kind.keys()) {
                if (byKey.put(key, kind) != null) {
                    throw new IllegalStateException("reading key " + key + " is in two kinds");
                }
            }
        }
        return Map.copyOf(byKey);
    }

    private static Map<String, SensorKind> byName() {
        Map<String, SensorKind> byName = new HashMap<>();
        ALL.forEach(kind -> byName.put(kind.name(), kind));
        return Map.copyOf(byName);
    }

    /** The kind a key has by default (matched without regard to case). */
    static SensorKind forKey(String key) {
        SensorKind kind = BY_KEY.get(key);
        if (kind == null) {
            kind = BY_KEY.get(key.toLowerCase(Locale.ROOT));
        }
        return kind != null ? kind : MEASUREMENT_ONLY;
    }

    /** The kind of that name, or null. */
    static SensorKind named(String name) {
        return BY_NAME.get(name);
    }
}
