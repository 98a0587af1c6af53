package io.iotgw.piclient.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Telemetry lines are readings: {@code key=value} tokens the gateway turns into fields, whatever the machine offers. */
class TelemetryTest {

    @TempDir
    Path root;

    @Test
    void line_readsTheKernelsFiles_andCounts() throws Exception {
        Files.createDirectories(root.resolve("sys/class/thermal/thermal_zone0"));
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(root.resolve("sys/class/thermal/thermal_zone0/temp"), "48712\n");
        Files.writeString(root.resolve("proc/loadavg"), "0.12 0.20 0.25 1/345 6789\n");
        Files.writeString(root.resolve("proc/uptime"), "86400.55 170000.10\n");
        Telemetry telemetry = new Telemetry(root);
        assertThat(telemetry.line("eth0")).isEqualTo("n=1 cpu_temp_c=48.7 load1=0.12 uptime_s=86400 link=eth0");
        assertThat(telemetry.line("wlan0")).startsWith("n=2 ");
    }

    @Test
    void everyValueIsOneToken_evenWithoutTheKernelsFiles_orWithABlankInTheLinksName() {
        String line = new Telemetry(root).line("default route");
        assertThat(line).isEqualTo("n=1 cpu_temp_c=na load1=na uptime_s=na link=default_route");
        for (String token : line.split(" ")) {
            assertThat(token).matches("[A-Za-z0-9_.-]+=[^ =]+");
        }
    }
}
