package io.iotgw.piclient.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.e2e.GatewayProcess;
import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.MqttSubscriber;
import io.iotgw.gateway.e2e.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both device clients — the firmware's host build (with sanitizers) and the Pi client's jar — each
 * given two gateways, two packaged gateway jars with their own ids bridged into one real Mosquitto.
 * The first gateway is killed with SIGKILL: both devices move to the second within the backoff
 * cap. It comes back: both return to it. No reading is lost: each device's {@code n} counter has
 * no gap at the broker, counted over both gateways' topics.
 */
class FailoverIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final int BACKOFF_CAP_MS = 2000;
    private static final int PREFERRED_RETRY_MS = 2000;
    private static final String FIRMWARE = "esp-fo";
    private static final String PI = "pi-fo";
    private static final Pattern READING = Pattern.compile("\"payload\":\"n=(\\d+) ");

    @TempDir
    Path dir;

    private Path firmwareBinary;
    private MosquittoProcess broker;
    private MqttSubscriber monitor;
    private final List<Process> devices = new ArrayList<>();
    private final List<GatewayProcess> gateways = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        firmwareBinary = Requirements.firmwareHostBuild();
        Path piJar = Path.of(System.getProperty("iotgw.piclient.jar", "target/pi-client.jar"));
        Requirements.require(Files.isRegularFile(piJar), "the Pi client's jar (" + piJar + ")", "mvn package");
        broker = MosquittoProcess.start(dir);
        monitor = new MqttSubscriber(broker.uri(), "iotgw/#");
    }

    @AfterEach
    void stop() throws Exception {
        for (Process p : devices) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (GatewayProcess g : gateways) {
            g.close();
        }
        monitor.close();
        broker.close();
    }

    private GatewayProcess gateway(String id, int port) throws IOException {
        GatewayProcess g = GatewayProcess.start(JAVA, Map.of(), "--port", String.valueOf(port), "--mqtt", broker.uri(),
                "--gateway-id", id, "--spool-dir", dir.resolve("spool-" + id).toString());
        gateways.add(g);
        return g;
    }

    private Process device(Path log, List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0");
        Process p = builder.start();
        devices.add(p);
        return p;
    }

    private static long linesIn(Path log, String text) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).count();
    }

    /** The reading numbers of a device that reached the broker, over every gateway. */
    private TreeSet<Long> readings(String device) {
        TreeSet<Long> numbers = new TreeSet<>();
        for (MqttSubscriber.Message m : monitor.messages()) {
            if (m.topic().endsWith("/" + device + "/up")) {
                Matcher matcher = READING.matcher(m.payload());
                if (matcher.find()) {
                    numbers.add(Long.parseLong(matcher.group(1)));
                }
            }
        }
        return numbers;
    }

    private long readingsVia(String gateway, String device) {
        return monitor.on("iotgw/" + gateway + "/" + device + "/up").stream().filter(m -> READING.matcher(m.payload()).find())
                .count();
    }

    private static boolean noGap(TreeSet<Long> numbers) {
        return !numbers.isEmpty() && numbers.first() == 1 && numbers.size() == numbers.last();
    }

    @Test
    void firstGatewayKilled_bothDevicesMoveToTheSecondWithinTheBackoffCap_comeBack_andLoseNoReading() throws Exception {
        int portA = MosquittoProcess.freePort();
        int portB = MosquittoProcess.freePort();
        GatewayProcess a = gateway("gw-a", portA);
        gateway("gw-b", portB);
        String list = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        Path firmwareLog = dir.resolve("firmware.out");
        Path piLog = dir.resolve("pi-client.err");
        Process firmware = device(firmwareLog, List.of(firmwareBinary.toString(), "--gateway", list, "--id", FIRMWARE,
                "--interval-ms", "200", "--backoff-cap-ms", String.valueOf(BACKOFF_CAP_MS), "--echo-timeout-ms", "3000",
                "--preferred-retry-ms", String.valueOf(PREFERRED_RETRY_MS)));
        Process pi = device(piLog, List.of(JAVA.toString(), "-jar",
                System.getProperty("iotgw.piclient.jar", "target/pi-client.jar"), "--gateway", list, "--id", PI,
                "--interval-s", "1", "--backoff-cap-s", String.valueOf(BACKOFF_CAP_MS / 1000), "--preferred-retry-s",
                String.valueOf(PREFERRED_RETRY_MS / 1000)));

        await("both devices publishing through gw-a").atMost(Duration.ofSeconds(60))
                .until(() -> readingsVia("gw-a", FIRMWARE) >= 5 && readingsVia("gw-a", PI) >= 2);

        a.kill();
        long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                linesIn(firmwareLog, "gateway: online (127.0.0.1:" + portB + ")") >= 1
                        && linesIn(piLog, "connected to the gateway 127.0.0.1:" + portB) >= 1);
        long movedWithinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.printf("both devices on gw-b %d ms after gw-a was killed (backoff cap %d ms)%n", movedWithinMs,
                BACKOFF_CAP_MS);
        assertThat(movedWithinMs).as("moved within the backoff cap").isLessThanOrEqualTo(BACKOFF_CAP_MS);
        await().atMost(Duration.ofSeconds(30)).until(() -> readingsVia("gw-b", FIRMWARE) >= 5 && readingsVia("gw-b", PI) >= 2);

        GatewayProcess again = gateway("gw-a", portA); // its spool holds what it had echoed but not yet published
        long restartedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() ->
                linesIn(firmwareLog, "gateway: online (127.0.0.1:" + portA + ")") >= 2
                        && linesIn(piLog, "moved back to the preferred gateway 127.0.0.1:" + portA) >= 1);
        long backWithinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
        System.out.printf("both devices back on gw-a %d ms after it restarted (preferred retry %d ms)%n", backWithinMs,
                PREFERRED_RETRY_MS);
        long firmwareAtA = readingsVia("gw-a", FIRMWARE);
        long piAtA = readingsVia("gw-a", PI);
        await().atMost(Duration.ofSeconds(30)).until(() -> readingsVia("gw-a", FIRMWARE) >= firmwareAtA + 5
                && readingsVia("gw-a", PI) >= piAtA + 2);

        firmware.destroy();
        pi.destroy();
        assertThat(firmware.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(pi.waitFor(20, TimeUnit.SECONDS)).isTrue();
        for (String device : List.of(FIRMWARE, PI)) {
            await("every reading of " + device + " at the broker, over both gateways").atMost(Duration.ofSeconds(30))
                    .until(() -> noGap(readings(device)));
            TreeSet<Long> numbers = readings(device);
            long published = monitor.messages().stream().filter(m -> m.topic().endsWith("/" + device + "/up")
                    && READING.matcher(m.payload()).find()).count();
            System.out.printf("%s: readings 1..%d at the broker, no gap; %d published (%d duplicates)%n", device,
                    numbers.last(), published, published - numbers.size());
        }
        String log = Files.readString(firmwareLog, StandardCharsets.UTF_8);
        assertThat(firmware.exitValue()).as("firmware exit code; output:%n%s", log).isZero();
        assertThat(log).doesNotContain("AddressSanitizer").doesNotContain("runtime error").doesNotContain("LeakSanitizer");
        assertThat(log.lines().filter(l -> l.startsWith("status:")).reduce((x, y) -> y).orElseThrow())
                .contains("echo_mismatches=0").contains("dropped=0");
        assertThat(again.output()).anyMatch(l -> l.contains(FIRMWARE)).anyMatch(l -> l.contains(PI));
    }
}
