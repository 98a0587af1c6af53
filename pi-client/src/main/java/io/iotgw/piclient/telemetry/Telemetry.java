package io.iotgw.piclient.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Telemetry lines: a counter, CPU temperature, load and uptime from the kernel's files, and the
 * network interface in use, e.g. {@code n=7 cpu_temp_c=48.7 load1=0.12 uptime_s=86400 link=eth0}.
 * {@code n} counts lines from 1 since the start, so a gap is visible at the broker (as the
 * firmware's readings do). A value the machine does not offer is {@code na}; every value is one token
 * (blanks become {@code _}: {@code link=default_route}), so the gateway reads the whole line as a
 * reading. Used by one thread
 * (the telemetry timer's).
 */
public final class Telemetry {

    private final Path thermal;
    private final Path loadavg;
    private final Path uptime;
    private long number;

    /** @param root where {@code proc/} and {@code sys/} are: {@code /} on a real machine */
    public Telemetry(Path root) {
        this.thermal = root.resolve("sys/class/thermal/thermal_zone0/temp");
        this.loadavg = root.resolve("proc/loadavg");
        this.uptime = root.resolve("proc/uptime");
    }

    /** The next line, naming the interface in use as {@code link}. */
    public String line(String link) {
        return "n=" + ++number
                + " cpu_temp_c=" + firstField(thermal, t -> String.format(Locale.ROOT, "%.1f", Long.parseLong(t) / 1000.0))
                + " load1=" + firstField(loadavg, v -> v)
                + " uptime_s=" + firstField(uptime, u -> u.contains(".") ? u.substring(0, u.indexOf('.')) : u)
                + " link=" + link.strip().replaceAll("\\s+", "_");
    }

    private static String firstField(Path file, Function<String, String> format) {
        try {
            String first = Files.readString(file).strip().split("\\s+")[0];
            return first.isEmpty() ? "na" : format.apply(first);
        } catch (IOException | RuntimeException e) {
            return "na";
        }
    }
}
