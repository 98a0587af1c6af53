package io.iotgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The .deb that `mvn package` builds: its control fields, its files, and an install → run → purge round trip. */
class DebianPackageIT {

    private static final Path DEB = Path.of(System.getProperty("iotgw.deb", "target/iot-gateway_0.1.0_all.deb"));

    @BeforeEach
    void needDpkg() {
        Requirements.require(Commands.onPath("dpkg-deb"), "dpkg-deb", "apt-get install dpkg");
        assertThat(DEB).as("the package mvn package builds").isRegularFile();
    }

    private static String field(String name) throws Exception {
        return Commands.run("dpkg-deb", "-f", DEB.toString(), name).output().strip();
    }

    @Test
    void controlFields_nameTheJava17RuntimeAndNoArchitecture() throws Exception {
        assertThat(field("Package")).isEqualTo("iot-gateway");
        assertThat(field("Version")).isEqualTo("0.1.0");
        assertThat(field("Architecture")).isEqualTo("all");
        assertThat(field("Depends")).isEqualTo("java17-runtime-headless");
        assertThat(DEB.getFileName().toString()).isEqualTo("iot-gateway_0.1.0_all.deb");
    }

    @Test
    void contents_jarsUnitsConfiguration_withTheSecretsFileForRootOnly() throws Exception {
        String contents = Commands.run("dpkg-deb", "-c", DEB.toString()).output();
        assertThat(contents).contains("./usr/share/iot-gateway/iot-gateway.jar", "./usr/share/iot-gateway/pi-client.jar",
                "./lib/systemd/system/iot-gateway.service", "./lib/systemd/system/pi-client.service",
                "./etc/iot-gateway/gateway.yaml", "./etc/iot-gateway/pi-client.env",
                "./usr/share/doc/iot-gateway/mosquitto/iot-gateway.conf");
        assertThat(contents.lines().filter(l -> l.endsWith("./etc/iot-gateway/gateway.env")))
                .singleElement().asString().startsWith("-rw-------");
        String conffiles = Commands.run("dpkg-deb", "-I", DEB.toString(), "conffiles").output();
        assertThat(conffiles.lines()).containsExactlyInAnyOrder("/etc/iot-gateway/gateway.yaml",
                "/etc/iot-gateway/gateway.env", "/etc/iot-gateway/pi-client.env");
    }

    @Test
    void installWithoutSystemd_runTheUnitsExecStart_purge_leavesNothing() throws Exception {
        boolean root = "0".equals(Commands.run("id", "-u").output().strip());
        Requirements.require(root && Commands.onPath("unshare"), "root and unshare (a throwaway overlay root)",
                "run the tests as root, as CI does");
        Path script = Path.of(DebianPackageIT.class.getResource("/roundtrip.sh").toURI());
        Commands run = Commands.run("bash", script.toString(), DEB.toString(), String.valueOf(MosquittoProcess.freePort()));
        System.out.println(run.output());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("Setting up iot-gateway (0.1.0)")
                .contains("echoed: HELLO deb-test / from the package")
                .contains("gateway exit: 0")
                .contains("Purging configuration files for iot-gateway")
                .contains("== done")
                .doesNotContain("LEFT:");
    }

    @Test
    void installScript_installsKeepsConfiguration_andPurges() throws Exception {
        Path root = Files.createTempDirectory("install-root");
        Path script = Path.of(System.getProperty("iotgw.deploy.dir", "."), "install.sh");
        java.util.Map<String, String> env = java.util.Map.of("DESTDIR", root.toString());
        assertThat(Commands.run(env, "sh", script.toString()).exitCode()).isZero();
        Path unit = root.resolve("etc/systemd/system/iot-gateway.service");
        assertThat(Files.readString(unit)).contains("-jar /usr/local/share/iot-gateway/iot-gateway.jar");
        assertThat(root.resolve("usr/local/share/iot-gateway/pi-client.jar")).isRegularFile();
        Path config = root.resolve("etc/iot-gateway/gateway.yaml");
        Files.writeString(config, "port: 4000\n");
        assertThat(Commands.run(env, "sh", script.toString()).exitCode()).isZero();
        assertThat(Files.readString(config)).as("a reinstall keeps the user's configuration").isEqualTo("port: 4000\n");
        assertThat(Commands.run(env, "sh", script.toString(), "--uninstall").exitCode()).isZero();
        assertThat(unit).doesNotExist();
        assertThat(config).exists();
        assertThat(Commands.run(env, "sh", script.toString(), "--purge").exitCode()).isZero();
        try (var left = Files.walk(root)) {
            assertThat(left.filter(Files::isRegularFile)).isEmpty();
        }
        Commands bad = Commands.run(env, "sh", script.toString(), "--nonsense");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).isEqualTo("install.sh: unknown option '--nonsense' (use --uninstall or --purge)\n");
    }
}
