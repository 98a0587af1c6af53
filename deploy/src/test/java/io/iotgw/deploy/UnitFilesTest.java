package io.iotgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.e2e.Requirements;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The systemd units, verified and scored by systemd-analyze. */
class UnitFilesTest {

    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");

    @BeforeEach
    void needSystemdAnalyze() {
        Requirements.require(Commands.onPath("systemd-analyze"), "systemd-analyze", "apt-get install systemd");
    }

    private static Path unit(String name) {
        return Path.of(System.getProperty("iotgw.deploy.dir", "."), "systemd", name);
    }

    @ParameterizedTest
    @CsvSource({"iot-gateway.service, 1.5", "pi-client.service, 3.0"})
    void unit_isVerifiedClean_andExposedNoMoreThanItsBound(String name, double bound) throws Exception {
        Commands verify = Commands.run("systemd-analyze", "verify", unit(name).toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
        assertThat(verify.output()).as("systemd-analyze verify says nothing about a clean unit").isBlank();

        Commands security = Commands.run("systemd-analyze", "security", "--offline=yes", "--no-pager", unit(name).toString());
        Matcher m = EXPOSURE.matcher(security.output());
        assertThat(m.find()).as(security.output()).isTrue();
        double exposure = Double.parseDouble(m.group(1));
        System.out.printf("%s: systemd-analyze security exposure %.1f (at most %.1f)%n", name, exposure, bound);
        assertThat(exposure).isLessThanOrEqualTo(bound);
    }

    @org.junit.jupiter.api.Test
    void gatewayUnit_letsTheServiceHoldTenThousandDevices() throws Exception {
        String unit = java.nio.file.Files.readString(unit("iot-gateway.service"));
        Matcher m = Pattern.compile("(?m)^LimitNOFILE=(\\d+)$").matcher(unit);
        assertThat(m.find()).as("LimitNOFILE in the gateway's unit").isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("a descriptor per device, and the JVM's own").isGreaterThan(11_000);
    }
}
