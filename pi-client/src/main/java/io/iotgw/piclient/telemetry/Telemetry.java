package io.iotgw.piclient.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One telemetry line: CPU temperature, load and uptime from the kernel's files, and the network
 * interface in use, e.g. {@code cpu_temp_c=48.7 load1=0.12 uptime_s=86400 link=eth0}. A value the
 * machine does not offer is {@code na}.
 */
public final class Telemetry {

    private final Path thermal;
    private final Path loadavg;
    private final Path uptime;
    private final Supplier<String> link;

    /** @param root where {@code proc/} and {@code sys/} are: {@code /} on a real machine */
    public Telemetry(Path root, Supplier<String> link) {
        this.thermal = root.resolve("sys/class/thermal/thermal_zone0/temp");
        this.loadavg = root.resolve("proc/loadavg");
        this.uptime = root.resolve("proc/uptime");
        this.link = link;
    }

    public String line() {
        return "cpu_temp_c=" + firstField(thermal, t -> String.format(Locale.ROOT, "%.1f", Long.parseLong(t) / 1000.0))
                + " load1=" + firstField(loadavg, v -> v)
                + " uptime_s=" + firstField(uptime, u -> u.contains(".") ? u.substring(0, u.indexOf('.')) : u)
                + " link=" + link.get();
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
