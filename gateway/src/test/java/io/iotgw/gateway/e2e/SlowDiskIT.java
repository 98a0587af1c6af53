package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway on a disk as slow as a Raspberry Pi's SD card (an LD_PRELOAD library that slows
 * every fsync and fdatasync down and says which thread called it): no thread serving devices ever
 * waits on the disk, and one force serves every line written meanwhile.
 */
class SlowDiskIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final Pattern CALL = Pattern.compile("slowdisk: (\\w+) by thread '([^']*)'");
    private static final int DEVICES = 20;
    /** The spool's syncer thread, as Linux names it (15 characters at most). */
    private static final String SYNCER = "iotgw-spool-sync".substring(0, 15);

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private MqttSubscriber monitor;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = MosquittoProcess.start(dir);
        monitor = new MqttSubscriber(broker.uri(), "iotgw/+/+/up");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        monitor.close();
        broker.close();
    }

    private GatewayProcess gateway(long diskMillis, String fsync) throws Exception {
        Path library = Requirements.slowDisk(dir);
        GatewayProcess g = GatewayProcess.start(JAVA,
                Map.of("LD_PRELOAD", library.toString(), "SLOWDISK_MS", String.valueOf(diskMillis), "SLOWDISK_LOG", "1"),
                "--port", "0", "--mqtt", broker.uri(), "--gateway-id", "slow", "--spool-dir", dir.resolve("spool").toString(),
                "--spool-fsync", fsync);
        closeLast.add(0, g);
        return g;
    }

    /** Who forced the disk, as the library told: "fdatasync by iotgw-spool-sync", … */
    private static List<String> forces(GatewayProcess gateway) {
        List<String> calls = new ArrayList<>();
        for (String line : gateway.output()) {
            Matcher m = CALL.matcher(line);
            if (m.find()) {
                calls.add(m.group(1) + " by " + m.group(2));
            }
        }
        return calls;
    }

    /** Each of {@link #DEVICES} devices says HELLO, then all send {@code lines} lines at once, checking each echo. */
    private void devicesSendTogether(GatewayProcess gateway, int lines) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(DEVICES);
        CyclicBarrier together = new CyclicBarrier(DEVICES);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                String id = "card-" + d;
                running.add(pool.submit(() -> {
                    try (EchoClient device = new EchoClient(gateway.port())) {
                        device.roundTrip("HELLO " + id + "\n");
                        together.await();
                        for (int i = 0; i < lines; i++) {
                            String line = "reading " + i + "\n";
                            assertThat(device.roundTrip(line)).isEqualTo(line);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyLineForcedToDiskBeforeItsEcho_neverOnAThreadServingDevices_andOneForceServesManyLines() throws Exception {
        GatewayProcess gateway = gateway(100, "0");
        int before = forces(gateway).size();
        devicesSendTogether(gateway, 3);
        List<String> during = forces(gateway).subList(before, forces(gateway).size());
        assertThat(during).as("every line is forced to disk before its echo").isNotEmpty()
                .allMatch(call -> call.endsWith("by " + SYNCER));
        assertThat(during.size()).as("forces for %d lines from %d devices at once", DEVICES * 3, DEVICES)
                .isLessThan(DEVICES * 3 / 2);
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.messages().size() == DEVICES * 3);
        gateway.terminate();
        assertThat(gateway.awaitExit(Duration.ofSeconds(20))).isZero();
        assertThat(forces(gateway)).noneMatch(call -> call.contains("iotgw-io") || call.contains("iotgw-accept"));
    }

    @Test
    void forcedEverySecond_byTheSpoolsOwnThreadOnly() throws Exception {
        GatewayProcess gateway = gateway(200, "1s");
        devicesSendTogether(gateway, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> monitor.messages().size() == DEVICES * 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> forces(gateway).stream()
                .anyMatch(call -> call.endsWith("by " + SYNCER)));
        gateway.terminate();
        assertThat(gateway.awaitExit(Duration.ofSeconds(20))).isZero();
        assertThat(forces(gateway)).isNotEmpty()
                .noneMatch(call -> call.contains("iotgw-io") || call.contains("iotgw-accept") || call.contains("iotgw-mqtt")
                        || call.contains("MQTT"));
    }
}
