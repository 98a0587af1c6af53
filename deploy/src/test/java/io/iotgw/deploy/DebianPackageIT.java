package io.iotgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The two .debs that `mvn package` builds, iot-gateway (Java 17+) and iot-pi-client (Java 21+): their
 * control fields and files, lintian, their documentation, and an install → run → purge round trip.
 */
class DebianPackageIT {

    private static final Map<String, Path> DEBS = Map.of(
            "iot-gateway", Path.of(System.getProperty("iotgw.deb.gateway", "target/iot-gateway_0.1.0_all.deb")),
            "iot-pi-client", Path.of(System.getProperty("iotgw.deb.piclient", "target/iot-pi-client_0.1.0_all.deb")));
    /** A relative Markdown link's target: no scheme, not an anchor. */
    private static final Pattern RELATIVE_LINK = Pattern.compile("\\]\\((?![a-z][a-z0-9+.-]*:|#)([^)\\s]+)\\)");

    @TempDir
    Path dir;

    @BeforeEach
    void needDpkg() {
        Requirements.require(Commands.onPath("dpkg-deb"), "dpkg-deb", "apt-get install dpkg");
        DEBS.forEach((name, deb) -> assertThat(deb).as("the package %s that mvn package builds", name).isRegularFile());
    }

    private static String field(String deb, String name) throws Exception {
        return Commands.run("dpkg-deb", "-f", DEBS.get(deb).toString(), name).output().strip();
    }

    @Test
    void controlFields_gatewayOnJava17_piClientOnJava21() throws Exception {
        assertThat(field("iot-gateway", "Package")).isEqualTo("iot-gateway");
        assertThat(field("iot-gateway", "Version")).isEqualTo("0.1.0");
        assertThat(field("iot-gateway", "Architecture")).isEqualTo("all");
        assertThat(field("iot-gateway", "Depends")).isEqualTo("default-jre-headless (>= 2:1.17) | java17-runtime-headless");
        assertThat(field("iot-pi-client", "Package")).isEqualTo("iot-pi-client");
        assertThat(field("iot-pi-client", "Version")).isEqualTo("0.1.0");
        assertThat(field("iot-pi-client", "Architecture")).isEqualTo("all");
        assertThat(field("iot-pi-client", "Depends")).isEqualTo("default-jre-headless (>= 2:1.21) | java21-runtime-headless");
        assertThat(DEBS.get("iot-gateway").getFileName()).hasToString("iot-gateway_0.1.0_all.deb");
        assertThat(DEBS.get("iot-pi-client").getFileName()).hasToString("iot-pi-client_0.1.0_all.deb");
    }

    /** The package's file list, once its command is seen executable by all and its conffiles are exactly these. */
    private static String contentsWith(String deb, String command, String... conffiles) throws Exception {
        String contents = Commands.run("dpkg-deb", "-c", DEBS.get(deb).toString()).output();
        assertThat(contents.lines().filter(l -> l.endsWith("./usr/bin/" + command))).singleElement().asString()
                .startsWith("-rwxr-xr-x root/root");
        String listed = Commands.run("dpkg-deb", "-I", DEBS.get(deb).toString(), "conffiles").output();
        assertThat(listed.lines()).containsExactlyInAnyOrder(conffiles);
        return contents;
    }

    @Test
    void gatewayContents_jarCommandUnitConfigurationDocs_withTheSecretsFileForRootOnly() throws Exception {
        String contents = contentsWith("iot-gateway", "iot-gateway", "/etc/iot-gateway/gateway.yaml",
                "/etc/iot-gateway/gateway.env");
        assertThat(contents).contains("./usr/share/iot-gateway/iot-gateway.jar", "./usr/lib/systemd/system/iot-gateway.service",
                "./usr/share/doc/iot-gateway/copyright", "./usr/share/doc/iot-gateway/changelog.gz",
                "./usr/share/doc/iot-gateway/mosquitto/iot-gateway.conf", "./usr/share/man/man1/iot-gateway.1.gz",
                "./usr/share/lintian/overrides/iot-gateway",
                "./usr/share/doc/iot-gateway/prometheus/prometheus.yml",
                "./usr/share/doc/iot-gateway/grafana/iot-gateway-dashboard.json")
                .doesNotContain("pi-client.jar", "pi-client.service", "pi-client.env", "./lib/");
        assertThat(contents.lines().filter(l -> l.endsWith("./etc/iot-gateway/gateway.env"))).singleElement().asString()
                .startsWith("-rw------- root/root");
    }

    @Test
    void piClientContents_jarCommandUnitAndItsEnvironment() throws Exception {
        String contents = contentsWith("iot-pi-client", "iot-pi-client", "/etc/iot-gateway/pi-client.env");
        assertThat(contents).contains("./usr/share/iot-pi-client/pi-client.jar", "./usr/lib/systemd/system/pi-client.service",
                "./usr/share/doc/iot-pi-client/README.md", "./usr/share/doc/iot-pi-client/copyright",
                "./usr/share/doc/iot-pi-client/changelog.gz", "./usr/share/man/man1/iot-pi-client.1.gz",
                "./usr/share/lintian/overrides/iot-pi-client")
                .doesNotContain("iot-gateway.jar", "iot-gateway.service", "gateway.yaml", "./lib/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"iot-gateway", "iot-pi-client"})
    void lintian_findsNothing_butWhatTheShippedOverridesExplain(String deb) throws Exception {
        Requirements.require(Commands.onPath("lintian"), "lintian", "apt-get install lintian");
        Commands lintian = Commands.run("lintian", "--info", "--display-experimental", "--fail-on", "error,warning,info",
                DEBS.get(deb).toString());
        List<String> tags = lintian.output().lines().filter(l -> l.matches("^[EWIXPO]: .*")).toList();
        System.out.printf("lintian %s: %d tags, exit %d%n", deb, tags.size(), lintian.exitCode());
        assertThat(tags).as(lintian.output()).isEmpty();
        assertThat(lintian.exitCode()).as(lintian.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"iot-gateway", "iot-pi-client"})
    void documentation_linksOnlyFilesThePackageHas(String deb) throws Exception {
        Path root = dir.resolve(deb);
        assertThat(Commands.run("dpkg-deb", "-x", DEBS.get(deb).toString(), root.toString()).exitCode()).isZero();
        Path docs = root.resolve("usr/share/doc").resolve(deb);
        List<Path> pages;
        try (Stream<Path> files = Files.walk(docs)) {
            pages = files.filter(p -> p.toString().endsWith(".md")).toList();
        }
        assertThat(pages).contains(docs.resolve("README.md"));
        for (Path page : pages) {
            Matcher link = RELATIVE_LINK.matcher(Files.readString(page));
            while (link.find()) {
                String target = link.group(1).split("#", 2)[0];
                assertThat(page.getParent().resolve(target).normalize())
                        .as("%s links %s", root.relativize(page), link.group(1)).exists();
            }
        }
    }

    @Test
    void installBothWithoutSystemd_runEachUnitsExecStart_reinstall_purge_leavesNothing() throws Exception {
        boolean root = "0".equals(Commands.run("id", "-u").output().strip());
        Requirements.require(root && Commands.onPath("unshare"), "root and unshare (a throwaway overlay root)",
                "run the tests as root, as CI does");
        Path script = Path.of(DebianPackageIT.class.getResource("/roundtrip.sh").toURI());
        Commands run = Commands.run("bash", script.toString(), DEBS.get("iot-gateway").toString(),
                DEBS.get("iot-pi-client").toString(), String.valueOf(MosquittoProcess.freePort()),
                System.getProperty("java.home"), String.valueOf(MosquittoProcess.freePort()));
        System.out.println(run.output());
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("Setting up iot-gateway (0.1.0)")
                .contains("iot-gateway 0.1.0")
                .contains("echoed: HELLO deb-test / from the package")
                .contains("Setting up iot-pi-client (0.1.0)")
                .contains("iot-pi-client --help: exit 0")
                .contains("pi-client: from-the-pi-client-package")
                .contains("health: HTTP/1.1 200 OK")
                .contains("gateway exit: 0")
                .contains("gateway.env mode after a reinstall: 640")
                .contains("Purging configuration files for iot-gateway")
                .contains("Purging configuration files for iot-pi-client")
                .contains("== done")
                .doesNotContain("LEFT:");
    }

    @Test
    void installScript_installsKeepsConfiguration_andPurges() throws Exception {
        Path root = Files.createTempDirectory("install-root");
        Path script = Path.of(System.getProperty("iotgw.deploy.dir", "."), "install.sh");
        Map<String, String> env = Map.of("DESTDIR", root.toString());
        assertThat(Commands.run(env, "sh", script.toString()).exitCode()).isZero();
        Path unit = root.resolve("etc/systemd/system/iot-gateway.service");
        assertThat(Files.readString(unit)).contains("-jar /usr/local/share/iot-gateway/iot-gateway.jar");
        assertThat(Files.readString(root.resolve("etc/systemd/system/pi-client.service")))
                .contains("-jar /usr/local/share/iot-gateway/pi-client.jar");
        assertThat(root.resolve("usr/local/share/iot-gateway/pi-client.jar")).isRegularFile();
        assertThat(Files.readString(root.resolve("usr/local/bin/iot-gateway")))
                .contains("-jar /usr/local/share/iot-gateway/iot-gateway.jar");
        assertThat(Files.readString(root.resolve("usr/local/bin/iot-pi-client")))
                .contains("-jar /usr/local/share/iot-gateway/pi-client.jar");
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
        assertThat(bad.output()).isEqualTo("install.sh: unknown option '--nonsense' (see install.sh --help)\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void installScript_help_exits0WithUsage(String flag) throws Exception {
        Path script = Path.of(System.getProperty("iotgw.deploy.dir", "."), "install.sh");
        Commands help = Commands.run(Map.of("DESTDIR", dir.toString()), "sh", script.toString(), flag);
        assertThat(help.exitCode()).as(help.output()).isZero();
        assertThat(help.output()).startsWith("Usage: sudo deploy/install.sh [--uninstall | --purge | --help]\n")
                .contains("  --purge ");
        try (Stream<Path> made = Files.list(dir)) {
            assertThat(made).as("help installs nothing").isEmpty();
        }
    }
}
