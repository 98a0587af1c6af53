package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar as its own process: signals, exit codes, memory, the oldest supported Java. */
class ProcessIT {

    private static final Path JAVA = Requirements.currentJava();

    @TempDir
    Path dir;

    @Test
    void sigterm_withClientsConnected_closesThemAndExits0Within5Seconds() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(JAVA, Map.of(), "--port", "0");
             EchoClient client = new EchoClient(gateway.port())) {
            assertThat(client.roundTrip("HELLO dev-1\n")).isEqualTo("HELLO dev-1\n");
            long start = System.nanoTime();
            gateway.terminate();
            assertThat(gateway.awaitExit(Duration.ofSeconds(5))).isEqualTo(0);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(client.closedByGateway()).isTrue();
            assertThat(gateway.output()).anyMatch(l -> l.contains("stopping on signal"))
                    .anyMatch(l -> l.contains("device dev-1 left"));
        }
    }

    @Test
    void secondGatewayOnAUsedPort_exits2WithOneLineNamingThePort() throws Exception {
        try (GatewayProcess first = GatewayProcess.start(JAVA, Map.of(), "--port", "0")) {
            String port = String.valueOf(first.port());
            try (GatewayProcess second = GatewayProcess.launch(JAVA, Map.of(), "--port", port)) {
                assertThat(second.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(second.output()).containsExactly("iot-gateway: port " + port
                        + " on 0.0.0.0 is already in use (is another gateway running?): choose another with --port");
            }
        }
    }

    @Test
    void badSettingFromEachSource_exits2WithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("gw.yaml"), "max-line: 10\n");
        try (GatewayProcess flag = GatewayProcess.launch(JAVA, Map.of(), "--max-connections", "none");
             GatewayProcess env = GatewayProcess.launch(JAVA, Map.of("IOTGW_IDLE_TIMEOUT", "later"));
             GatewayProcess yaml = GatewayProcess.launch(JAVA, Map.of(), "--config", file.toString())) {
            assertThat(flag.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(env.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(yaml.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(flag.output()).containsExactly(
                    "iot-gateway: --max-connections must be a whole number from 1 to 1000000, got 'none'");
            assertThat(env.output()).containsExactly("iot-gateway: IOTGW_IDLE_TIMEOUT must be a duration such as "
                    + "30s, 5m, 1h or 500ms (0 turns it off), got 'later'");
            assertThat(yaml.output()).containsExactly("iot-gateway: max-line in " + file
                    + " must be a size from 128B to 16MiB such as 65536, 64KiB or 1MiB, got '10'");
        }
    }

    @Test
    void typoInEachSource_exits2AskingWhetherTheNearSettingWasMeant() throws Exception {
        Path file = Files.writeString(dir.resolve("gw.yaml"), "max-conections: 500\n");
        try (GatewayProcess flag = GatewayProcess.launch(JAVA, Map.of(), "--prot", "1234");
             GatewayProcess env = GatewayProcess.launch(JAVA, Map.of("IOTGW_PROT", "1"));
             GatewayProcess yaml = GatewayProcess.launch(JAVA, Map.of(), "--config", file.toString());
             GatewayProcess password = GatewayProcess.launch(JAVA, Map.of(), "--mqtt", "tcp://localhost:1883",
                     "--mqtt-password-file", dir.resolve("absent").toString())) {
            for (GatewayProcess p : List.of(flag, env, yaml, password)) {
                assertThat(p.awaitExit(Duration.ofSeconds(30))).as("%s", p.output()).isEqualTo(2);
            }
            assertThat(flag.output()).containsExactly("iot-gateway: unknown option '--prot' (did you mean --port?)",
                    "Try 'java -jar iot-gateway.jar --help' for more information.");
            assertThat(env.output()).containsExactly(
                    "iot-gateway: the environment has an unknown setting IOTGW_PROT (did you mean IOTGW_PORT?)");
            assertThat(yaml.output()).containsExactly(
                    "iot-gateway: " + file + " has an unknown setting 'max-conections' (did you mean max-connections?)");
            assertThat(password.output()).containsExactly("iot-gateway: --mqtt-password-file " + dir.resolve("absent")
                    + " cannot be read: no such file");
        }
    }

    @Test
    void help_exits0_withTheOptionsInGroups() throws Exception {
        try (GatewayProcess help = GatewayProcess.launch(JAVA, Map.of(), "--help")) {
            assertThat(help.awaitExit(Duration.ofSeconds(30))).isEqualTo(0);
            assertThat(help.output()).startsWith("Usage: iot-gateway [OPTIONS]", "       iot-gateway bench [OPTIONS]")
                    .containsSubsequence("Network:", "      --port=PORT            TCP port to listen on (0 picks a free one); off:",
                            "Limits:", "MQTT bridge (on with --mqtt):", "Spool (the bridge's lines until the broker has them):",
                            "Logging:", "Configuration and help:", "Examples:",
                            "  iot-gateway --mqtt tcp://localhost:1883 --gateway-id pi-kitchen");
        }
    }

    @Test
    void configFile_isUsed_andFlagsWin() throws Exception {
        Path file = Files.writeString(dir.resolve("gw.yaml"), "port: 1\nreply: from the file\n");
        try (GatewayProcess gateway = GatewayProcess.start(JAVA, Map.of("IOTGW_REPLY", "from the environment"),
                "--config", file.toString(), "--port", "0");
             EchoClient client = new EchoClient(gateway.port())) {
            client.send("hi\n");
            assertThat(client.readText("from the environment".length())).isEqualTo("from the environment");
        }
    }

    @Test
    void slowReader_sendingWithoutReading_costsBoundedMemory_andOthersAreServed() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(JAVA, Map.of(), "--port", "0");
             EchoClient other = new EchoClient(gateway.port());
             EchoClient slow = new EchoClient(gateway.port())) {
            assertThat(other.roundTrip("warm up\n")).isEqualTo("warm up\n");
            long before = gateway.residentBytes();
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    OutputStream out = slow.socket().getOutputStream();
                    for (int i = 0; i < 64 * 16; i++) {
                        out.write(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException e) {
                    // closed at the end of the test while blocked: expected
                }
            }, "slow-reader-writer");
            writer.setDaemon(true);
            writer.start();
            AtomicLong lastSeen = new AtomicLong(-1);
            await("the slow client to stall").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> written.get() > 0 && lastSeen.getAndSet(written.get()) == written.get());
            assertThat(written.get()).as("the gateway stopped reading from the client that does not read")
                    .isLessThan(64L * 1024 * 1024);
            assertThat(other.roundTrip("served meanwhile\n")).isEqualTo("served meanwhile\n");
            long growth = gateway.residentBytes() - before;
            System.out.printf("slow reader: %d MB sent before the gateway stopped reading, gateway RSS grew %d MB%n",
                    written.get() >> 20, growth >> 20);
            assertThat(growth).isLessThan(96L * 1024 * 1024);
        }
    }

    @Test
    void java17Runtime_startsTheJarAndEchoes() throws Exception {
        Path java17 = Requirements.java17();
        try (GatewayProcess gateway = GatewayProcess.start(java17, Map.of(), "--port", "0");
             EchoClient client = new EchoClient(gateway.port())) {
            assertThat(client.roundTrip("on Java 17\n")).isEqualTo("on Java 17\n");
            gateway.terminate();
            assertThat(gateway.awaitExit(Duration.ofSeconds(5))).isEqualTo(0);
        }
    }
}
