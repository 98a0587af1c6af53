package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.auth.CredentialsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code iot-gateway device add|remove|list} through the packaged jar, as an operator runs it. */
class DeviceCommandIT {

    private static final Path JAVA = Requirements.currentJava();

    @TempDir
    Path dir;

    /** One run of the jar: exit code, standard output, standard error, and its command line as ps saw it. */
    record Run(int exit, String out, String err, String cmdline) {
    }

    private Run device(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", GatewayProcess.jar().toString(), "device"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("IOTGW_"));
        builder.environment().putAll(env);
        Process p = builder.start();
        String cmdline = cmdline(p.pid());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), cmdline);
    }

    private Run device(String... args) throws Exception {
        return device(Map.of(), args);
    }

    /** What {@code ps} shows of a process: its /proc command line (empty if it is already gone). */
    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void add_printsANewTokenOnce_keepsOnlyItsHash_inAFileOnlyItsOwnerReads() throws Exception {
        Path file = dir.resolve("devices");
        Run add = device("add", "esp32-01", "--credentials", file.toString());
        assertThat(add.exit()).as(add.err()).isZero();
        String token = add.out().strip();
        assertThat(add.out()).matches("[A-Za-z0-9_-]{32}\n");
        assertThat(add.err()).contains("device esp32-01 added to " + file).doesNotContain(token);
        assertThat(add.cmdline()).doesNotContain(token);
        String text = Files.readString(file);
        assertThat(text).doesNotContain(token).contains("esp32-01:$7$101$");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CredentialsFile.read(file).hashOf("esp32-01").orElseThrow().matches(token)).isTrue();

        Run list = device("list", "--credentials", file.toString());
        assertThat(list.exit()).isZero();
        assertThat(list.out()).isEqualTo("esp32-01\n");
        assertThat(list.out() + list.err()).doesNotContain(token).doesNotContain("$7$");
    }

    @Test
    void add_neverTakesATokenFromTheCommandLine() throws Exception {
        Run run = device("add", "esp32-01", "--token", "chosen-by-me", "--credentials", dir.resolve("devices").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown option '--token'").contains("Try 'java -jar iot-gateway.jar device add --help'");
        assertThat(dir.resolve("devices")).doesNotExist();
    }

    @Test
    void add_again_isRefused_replaceGivesANewToken_andTheOldStopsWorking() throws Exception {
        Path file = dir.resolve("devices");
        String first = device("add", "pump-1", "--credentials", file.toString()).out().strip();
        Run again = device("add", "pump-1", "--credentials", file.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err().strip()).isEqualTo("iot-gateway device add: device pump-1 is already listed in " + file
                + ": remove it first, or give it a new token with --replace");
        String second = device("add", "pump-1", "--replace", "--credentials", file.toString()).out().strip();
        assertThat(second).isNotEqualTo(first);
        var hash = CredentialsFile.read(file).hashOf("pump-1").orElseThrow();
        assertThat(hash.matches(second)).isTrue();
        assertThat(hash.matches(first)).isFalse();
    }

    @Test
    void remove_listedAndUnlisted_andTheFileFromTheEnvironment() throws Exception {
        Path file = dir.resolve("devices");
        Map<String, String> env = Map.of("IOTGW_CREDENTIALS", file.toString());
        device(env, "add", "a-1");
        device(env, "add", "a-2");
        assertThat(device(env, "remove", "a-1").exit()).isZero();
        assertThat(device(env, "list").out()).isEqualTo("a-2\n");
        Run missing = device(env, "remove", "a-1");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("iot-gateway device remove: device a-1 is not listed in " + file);
        Run noFile = device("list");
        assertThat(noFile.err().strip()).isEqualTo(
                "iot-gateway device list: which credentials file? Give --credentials FILE or set IOTGW_CREDENTIALS");
    }

    @Test
    void badIdAndMissingDirectory_sayWhatIsWrongInOneLine() throws Exception {
        Run bad = device("add", "pump 1\u001b", "--credentials", dir.resolve("devices").toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("iot-gateway device add: device id 'pump 1?' must be 1 to 64 of the characters "
                + "A-Z a-z 0-9 _ . -\n");
        Run noDir = device("add", "pump-1", "--credentials", dir.resolve("nowhere/devices").toString());
        assertThat(noDir.exit()).isEqualTo(1);
        assertThat(noDir.err()).startsWith("iot-gateway device add: cannot change credentials " + dir.resolve("nowhere/devices"));
    }

    @Test
    void addsFromSeveralProcessesAtOnce_loseNone() throws Exception {
        Path file = dir.resolve("devices");
        List<Process> running = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            running.add(new ProcessBuilder(JAVA.toString(), "-jar", GatewayProcess.jar().toString(), "device", "add",
                    "dev-" + i, "--credentials", file.toString()).redirectErrorStream(true).start());
        }
        for (Process p : running) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertThat(CredentialsFile.read(file).deviceIds()).containsExactlyInAnyOrder("dev-0", "dev-1", "dev-2", "dev-3",
                "dev-4", "dev-5");
    }

    @Test
    void aFileMosquittoPasswdWrote_isRead() throws Exception {
        Optional<Path> tool = Stream.of("/usr/bin/mosquitto_passwd", "/usr/local/bin/mosquitto_passwd").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        Requirements.require(tool.isPresent(), "mosquitto_passwd", "apt-get install mosquitto");
        Path file = dir.resolve("devices");
        Process p = new ProcessBuilder(tool.get().toString(), "-c", "-b", file.toString(), "sensor-9", "test-secret")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(device("list", "--credentials", file.toString()).out()).isEqualTo("sensor-9\n");
        assertThat(CredentialsFile.read(file).hashOf("sensor-9").orElseThrow().matches("test-secret")).isTrue();
    }

    @Test
    void aRunningGateway_readsTheFileAgain_whenADeviceIsAddedOrTheFileDamaged() throws Exception {
        Path file = dir.resolve("devices");
        try (GatewayProcess gateway = GatewayProcess.start(JAVA, Map.of(), "--port", "0", "--auth", "optional",
                "--credentials", file.toString())) {
            assertThat(gateway.output()).anyMatch(l -> l.contains("credentials " + file + " does not exist yet"));
            String token = device("add", "pump-1", "--credentials", file.toString()).out().strip();
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().stream()
                    .anyMatch(l -> l.contains("credentials " + file + " read again: 1 devices listed")));
            Files.writeString(file, "pump-2:$7$101$broken\n", java.nio.file.StandardOpenOption.APPEND);
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().stream()
                    .anyMatch(l -> l.contains("line 3 (pump-2): a $7$ hash has three fields")));
            assertThat(gateway.output()).noneMatch(l -> l.contains(token));
        }
    }
}
