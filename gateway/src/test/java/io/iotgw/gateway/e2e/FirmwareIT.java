package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * The ESP32 sketch's host build (with Address and UB sanitizers) against the real gateway,
 * bridged into a real Mosquitto: its readings reach MQTT, it survives a gateway restart by
 * itself, and what it read meanwhile arrives afterwards.
 */
class FirmwareIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final String GW = "gw-fw";
    private static final String DEVICE = "esp-host-1";
    private static final int BACKOFF_CAP_MS = 2000;
    private static final Pattern READING = Pattern.compile("\"payload\":\"n=(\\d+) ");

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private MqttSubscriber monitor;
    private Process firmware;
    private Path firmwareOutput;

    @BeforeEach
    void start() throws Exception {
        Path binary = Requirements.firmwareHostBuild();
        broker = MosquittoProcess.start(dir);
        monitor = new MqttSubscriber(broker.uri(), "iotgw/" + GW + "/" + DEVICE + "/#");
        firmwareOutput = dir.resolve("firmware.out");
    }

    @AfterEach
    void stop() throws Exception {
        if (firmware != null && firmware.isAlive()) {
            firmware.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        monitor.close();
        broker.close();
    }

    private GatewayProcess gateway(int port) throws IOException {
        return GatewayProcess.start(JAVA, Map.of(), "--port", String.valueOf(port), "--mqtt", broker.uri(),
                "--gateway-id", GW, "--spool-dir", dir.resolve("spool").toString());
    }

    private String firmwareLog() throws IOException {
        return Files.readString(firmwareOutput, StandardCharsets.UTF_8);
    }

    private long countInLog(String text) throws IOException {
        return firmwareLog().lines().filter(l -> l.contains(text)).count();
    }

    private TreeSet<Long> readingsAtBroker() {
        TreeSet<Long> numbers = new TreeSet<>();
        for (MqttSubscriber.Message m : monitor.on("iotgw/" + GW + "/" + DEVICE + "/up")) {
            Matcher matcher = READING.matcher(m.payload());
            if (matcher.find()) {
                numbers.add(Long.parseLong(matcher.group(1)));
            }
        }
        return numbers;
    }

    @Test
    void firmware_publishesReadings_survivesAGatewayRestart_andLosesNothing() throws Exception {
        int port = MosquittoProcess.freePort();
        Path binary = Requirements.firmwareHostBuild();
        GatewayProcess first = gateway(port);
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--host", "localhost", "--port",
                String.valueOf(port), "--id", DEVICE, "--interval-ms", "200", "--backoff-cap-ms",
                String.valueOf(BACKOFF_CAP_MS), "--echo-timeout-ms", "3000")
                .redirectErrorStream(true).redirectOutput(firmwareOutput.toFile());
        builder.environment().put("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0");
        firmware = builder.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> readingsAtBroker().size() >= 5);
        assertThat(monitor.on("iotgw/" + GW + "/" + DEVICE + "/status")).anyMatch(m -> m.payload().contains("online"));
        monitor.publish("iotgw/" + GW + "/" + DEVICE + "/down", "led on");
        await().atMost(Duration.ofSeconds(30)).until(() -> monitor.on("iotgw/" + GW + "/" + DEVICE + "/up").stream()
                .anyMatch(m -> m.payload().contains("\"payload\":\"ack led on\"")));

        first.terminate();
        assertThat(first.awaitExit(Duration.ofSeconds(10))).isZero();
        List<String> firstLog = first.output();
        first.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> countInLog("gateway: offline") >= 1);
        long readAtStop = readingsAtBroker().last();
        await("readings to pile up while the gateway is away").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ofMillis(1500)).until(() -> true);

        try (GatewayProcess second = gateway(port)) {
            long restartedAt = System.nanoTime();
            await().atMost(Duration.ofMillis(BACKOFF_CAP_MS + 5000)).until(() -> countInLog("gateway: online") >= 2);
            long backWithinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            System.out.printf("firmware back online %d ms after the gateway restarted (backoff cap %d ms)%n",
                    backWithinMs, BACKOFF_CAP_MS);
            assertThat(backWithinMs).isLessThan(BACKOFF_CAP_MS + 3000L);

            await().atMost(Duration.ofSeconds(30)).until(() -> readingsAtBroker().last() > readAtStop + 10);
            // Lines the first gateway echoed while it stopped wait in the spool; the second publishes them too.
            await("every reading, those taken while the gateway was away included").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        TreeSet<Long> numbers = readingsAtBroker();
                        assertThat(numbers.first()).isEqualTo(1);
                        assertThat(numbers).as("firmware:%n%s%nfirst gateway:%n%s%nsecond gateway:%n%s", firmwareLog(),
                                String.join("\n", firstLog), String.join("\n", second.output()))
                                .hasSize((int) (numbers.last() - numbers.first() + 1));
                    });

            firmware.destroy(); // SIGTERM: the host build prints its counters and exits
            assertThat(firmware.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        String log = firmwareLog();
        assertThat(firmware.exitValue()).as("firmware exit code; output:%n%s", log).isZero();
        assertThat(log).doesNotContain("AddressSanitizer").doesNotContain("runtime error").doesNotContain("LeakSanitizer");
        List<String> status = log.lines().filter(l -> l.startsWith("status:")).toList();
        assertThat(status.get(status.size() - 1)).contains("echo_mismatches=0").contains("dropped=0");
    }

    @Test
    void hostBuild_helpExits0_badArgumentsAreOneLineAndExit2() throws Exception {
        Path binary = Path.of(System.getProperty("iotgw.firmware.dir", "../firmware-esp32"), "build", "firmware-host");
        Requirements.require(Files.isExecutable(binary), "the firmware's host build (" + binary + ")",
                "apt-get install g++ make libssl-dev, then mvn verify (or make -C firmware-esp32 host)");
        Process help = new ProcessBuilder(binary.toString(), "--help").redirectErrorStream(true).start();
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(help.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(help.exitValue()).isZero();
        assertThat(helpText).contains("--gateway LIST", "--ca FILE", "--token-file FILE");
        for (List<String> args : List.of(List.of("--gateway", "pi-a,pi-b:99999"), List.of("--host", "h", "--id", "bad id"),
                List.of("--host", "h", "--gateway", "g"), List.of("--prot", "1"))) {
            List<String> command = new java.util.ArrayList<>(List.of(binary.toString()));
            command.addAll(args);
            Process p = new ProcessBuilder(command).start();
            List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("exit code of %s", args).isEqualTo(2);
            assertThat(err).as("stderr of %s", args).hasSize(2);
            assertThat(err.get(0)).startsWith("firmware-host: ");
            assertThat(err.get(1)).isEqualTo("Try 'firmware-host --help' for more information.");
        }
    }
}
