package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT bridge end to end: the packaged gateway, a real Mosquitto, devices on real sockets. */
class BridgeIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final String GW = "gw-test";
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private MqttSubscriber monitor;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        broker = MosquittoProcess.start(dir);
        monitor = new MqttSubscriber(broker.uri(), "iotgw/#");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        monitor.close();
        broker.close();
    }

    private GatewayProcess gateway(String brokerUri, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--mqtt", brokerUri, "--gateway-id", GW,
                "--spool-dir", dir.resolve("spool").toString()));
        if (!List.of(more).contains("--port")) {
            args.addAll(List.of("--port", "0"));
        }
        args.addAll(List.of(more));
        GatewayProcess g = GatewayProcess.start(JAVA, Map.of(), args.toArray(String[]::new));
        closeLast.add(0, g);
        return g;
    }

    private List<JsonNode> upFrom(String device) {
        return monitor.on("iotgw/" + GW + "/" + device + "/up").stream().map(MqttSubscriber.Message::json).toList();
    }

    @Test
    void tutorialClientLine_arrivesAsTheEnvelope_underItsAddressName() throws Exception {
        GatewayProcess gateway = gateway(broker.uri());
        String device;
        try (EchoClient client = new EchoClient(gateway.port())) {
            assertThat(client.roundTrip("Hello, world")).isEqualTo("Hello, world");
            device = "127.0.0.1-" + client.socket().getLocalPort();
        } // closing: bytes without a newline are one last message
        await().atMost(DELIVERY).until(() -> upFrom(device).size() == 1);
        JsonNode envelope = upFrom(device).get(0);
        assertThat(envelope.fieldNames()).toIterable()
                .containsExactly("gateway", "device", "seq", "ts", "remote", "payload");
        assertThat(envelope.get("gateway").asText()).isEqualTo(GW);
        assertThat(envelope.get("device").asText()).isEqualTo(device);
        assertThat(envelope.get("seq").asLong()).isEqualTo(1);
        assertThat(envelope.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(envelope.get("remote").asText()).isEqualTo("127.0.0.1:" + device.substring(device.indexOf('-') + 1));
        assertThat(envelope.get("payload").asText()).isEqualTo("Hello, world");
    }

    @Test
    void helloDevice_publishesUnderItsId_isOnlineRetained_andGetsDownlinks() throws Exception {
        GatewayProcess gateway = gateway(broker.uri());
        try (EchoClient device = new EchoClient(gateway.port())) {
            device.roundTrip("HELLO bar-dev-1\n");
            device.roundTrip("temp=21.5\r\n");
            device.send(new byte[] {(byte) 0xff, (byte) 0xfe, '\n'});
            device.read(3);
            await().atMost(DELIVERY).until(() -> upFrom("bar-dev-1").size() == 2);
            assertThat(upFrom("bar-dev-1").get(0).get("payload").asText()).isEqualTo("temp=21.5");
            assertThat(upFrom("bar-dev-1").get(1).get("payload_base64").asText()).isEqualTo("//4=");
            assertThat(monitor.on("iotgw/" + GW + "/" + "bar-dev-1/up")).hasSize(2);

            String statusTopic = "iotgw/" + GW + "/bar-dev-1/status";
            await().atMost(DELIVERY).until(() -> !monitor.on(statusTopic).isEmpty()); // then a late subscriber gets it retained
            try (MqttSubscriber late = new MqttSubscriber(broker.uri(), statusTopic)) {
                await().atMost(DELIVERY).until(() -> !late.messages().isEmpty());
                MqttSubscriber.Message status = late.messages().get(0);
                assertThat(status.retained()).isTrue();
                assertThat(status.json().get("state").asText()).isEqualTo("online");
            }
            await().atMost(DELIVERY).until(() -> !monitor.on("iotgw/" + GW + "/status").isEmpty());
            assertThat(monitor.on("iotgw/" + GW + "/status").get(0).json().get("state").asText()).isEqualTo("online");

            monitor.publish("iotgw/" + GW + "/bar-dev-1/down", "led on");
            assertThat(device.readText("led on\n".length())).isEqualTo("led on\n");
        }
        await().atMost(DELIVERY).until(() -> monitor.on("iotgw/" + GW + "/bar-dev-1/status").stream()
                .anyMatch(m -> m.payload().contains("\"offline\"")));
        monitor.publish("iotgw/" + GW + "/nobody/down", "x");
        await().atMost(DELIVERY).until(() -> gateway.output().stream()
                .anyMatch(l -> l.contains("downlink for device nobody dropped")));
    }

    @Test
    void publishingThreads_runNicerThanTheThreadsServingDevices() throws Exception {
        GatewayProcess gateway = gateway(broker.uri(), "--mqtt-nice", "7");
        try (EchoClient device = new EchoClient(gateway.port())) {
            device.roundTrip("HELLO nice-dev\n");
            device.roundTrip("x\n");
            await().atMost(DELIVERY).until(() -> upFrom("nice-dev").size() == 1);
            Map<String, List<Integer>> nice = threadNiceness(gateway.pid());
            int base = nice.get("main").get(0);
            for (String publishing : List.of("iotgw-mqtt", "MQTT Snd", "MQTT Rec", "MQTT Call")) {
                assertThat(nice.get(publishing)).as(publishing).isNotEmpty().containsOnly(Math.min(19, base + 7));
            }
            for (String serving : List.of("iotgw-io", "iotgw-accept")) {
                assertThat(nice.get(serving)).as(serving).isNotEmpty().containsOnly(base);
            }
        }
    }

    /** Nice values of a process's threads by name (numbering and client id cut off); "main" for the first. */
    private static Map<String, List<Integer>> threadNiceness(long pid) throws IOException {
        Map<String, List<Integer>> nice = new java.util.TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks.toList()) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String key = task.getFileName().toString().equals(String.valueOf(pid)) ? "main"
                        : name.replaceAll("(: .*|-[0-9-]*)$", "");
                nice.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.parseInt(fields[16]));
            }
        }
        return nice;
    }

    @Test
    void brokerLinkCutForSeconds_noLineLost_orderPerDeviceKept() throws Exception {
        try (TcpProxy proxy = new TcpProxy(MosquittoProcess.freePort(), broker.port())) {
            proxy.restore();
            GatewayProcess gateway = gateway(proxy.uri(), "--mqtt-drain-rate", "5000");
            List<Device> devices = new ArrayList<>();
            for (int d = 0; d < 4; d++) {
                Device device = new Device(new EchoClient(gateway.port()), "cut-" + d);
                closeLast.add(device);
                devices.add(device);
            }
            await().atMost(DELIVERY).until(() -> distinctSeqs("cut-0") >= 300);
            proxy.cut(); // while lines are in flight
            long cutAt = System.nanoTime();
            long sentBeforeRestore = devices.get(0).sent();
            await("the link to stay cut for several seconds").pollDelay(Duration.ofSeconds(4)).atMost(DELIVERY)
                    .until(() -> System.nanoTime() - cutAt >= Duration.ofSeconds(4).toNanos());
            assertThat(devices.get(0).sent()).as("devices keep being echoed while the broker is away")
                    .isGreaterThan(sentBeforeRestore);
            proxy.restore();
            long sentAtRestore = devices.get(0).sent();
            await().atMost(DELIVERY).until(() -> devices.get(0).sent() > sentAtRestore + 300);
            for (Device device : devices) {
                device.close();
            }
            for (Device device : devices) {
                assertThat(device.failure()).isNull();
                await().atMost(DELIVERY).untilAsserted(() -> assertThat(distinctSeqs(device.id))
                        .as("lines of %s at the broker; gateway log: %s", device.id, tail(gateway))
                        .isEqualTo(device.sent()));
                assertDeliveredInOrder(device.id, (int) device.sent());
            }
            assertThat(gateway.output()).anyMatch(l -> l.contains("broker connection lost"))
                    .anyMatch(l -> l.contains("broker connected") && l.contains("backlog"));
        }
    }

    /** A device sending a numbered line every millisecond and checking its echo, until closed. */
    private static final class Device implements AutoCloseable {
        final String id;
        private final EchoClient client;
        private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        private volatile long sent;
        private volatile Throwable failure;

        Device(EchoClient client, String id) throws IOException {
            this.client = client;
            this.id = id;
            client.roundTrip("HELLO " + id + "\n");
            clock.scheduleAtFixedRate(this::sendOne, 0, 1, TimeUnit.MILLISECONDS);
        }

        private void sendOne() {
            if (failure != null) {
                return;
            }
            try {
                String line = "reading " + sent + "\n";
                if (!client.roundTrip(line).equals(line)) {
                    throw new IllegalStateException("echo mismatch at line " + sent);
                }
                sent++;
            } catch (Throwable t) {
                failure = t;
            }
        }

        long sent() {
            return sent;
        }

        Throwable failure() {
            return failure;
        }

        @Override
        public void close() throws Exception {
            clock.shutdown();
            clock.awaitTermination(10, TimeUnit.SECONDS);
            client.close();
        }
    }

    private static String tail(GatewayProcess gateway) {
        List<String> out = gateway.output();
        return String.join("\n", out.subList(Math.max(0, out.size() - 30), out.size()));
    }

    private long distinctSeqs(String device) {
        return upFrom(device).stream().map(e -> e.get("seq").asLong()).distinct().count();
    }

    /** Every line 0..n-1 arrived with seq i+1; taking each seq at its first arrival, the order is the device's. */
    private void assertDeliveredInOrder(String device, int n) {
        List<Long> firstArrivals = new ArrayList<>();
        for (JsonNode e : upFrom(device)) {
            long seq = e.get("seq").asLong();
            assertThat(e.get("payload").asText()).isEqualTo("reading " + (seq - 1));
            if (!firstArrivals.contains(seq)) {
                firstArrivals.add(seq);
            }
        }
        assertThat(firstArrivals).hasSize(n).isSorted();
        assertThat(firstArrivals.get(0)).isEqualTo(1);
        assertThat(firstArrivals.get(n - 1)).isEqualTo(n);
    }

    @Test
    void sigkillWhileTheLinkIsCut_restartOnTheSameSpool_deliversEveryEchoedLine() throws Exception {
        int lines = 200;
        try (TcpProxy proxy = new TcpProxy(MosquittoProcess.freePort(), broker.port())) {
            GatewayProcess first = gateway(proxy.uri()); // the broker is unreachable from the start
            try (EchoClient device = new EchoClient(first.port())) {
                device.roundTrip("HELLO survivor\n");
                for (int i = 0; i < lines; i++) {
                    String line = "reading " + i + "\n";
                    assertThat(device.roundTrip(line)).isEqualTo(line);
                }
            }
            assertThat(first.output()).anyMatch(l -> l.contains("cannot connect to the broker"));
            first.kill();
            assertThat(first.awaitExit(Duration.ofSeconds(10))).isEqualTo(137);
            tearTheLastSegment();

            proxy.restore();
            GatewayProcess second = gateway(proxy.uri());
            await().atMost(DELIVERY).until(() -> distinctSeqs("survivor") == lines);
            assertDeliveredInOrder("survivor", lines);
            assertThat(second.output()).anyMatch(l -> l.contains("are torn or damaged"));
            try (EchoClient device = new EchoClient(second.port())) {
                device.roundTrip("HELLO survivor\n");
                device.roundTrip("after the restart\n");
            }
            await().atMost(DELIVERY).until(() -> distinctSeqs("survivor") == lines + 1);
            assertThat(upFrom("survivor")).anyMatch(e -> e.get("seq").asLong() == lines + 1
                    && e.get("payload").asText().equals("after the restart"));
        }
    }

    /** What a power cut in the middle of a write leaves: the start of a record, no end. */
    private void tearTheLastSegment() throws IOException {
        Path last;
        try (Stream<Path> files = Files.list(dir.resolve("spool"))) {
            last = files.filter(f -> f.getFileName().toString().startsWith("segment-")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 1, 0, 7, 7, 7, 7, 'p', 'a', 'r', 't'}));
        }
    }

    @Test
    void lineLongerThanMaxLine_isEchoedWhole_butNotPublished_andTheNextLineIs() throws Exception {
        GatewayProcess gateway = gateway(broker.uri());
        String huge = "x".repeat(1024 * 1024) + "\n";
        try (EchoClient device = new EchoClient(gateway.port())) {
            device.roundTrip("HELLO long-talker\n");
            assertThat(device.roundTrip(huge)).isEqualTo(huge);
            assertThat(device.roundTrip("after\n")).isEqualTo("after\n");
        }
        await().atMost(DELIVERY).until(() -> upFrom("long-talker").size() == 1);
        assertThat(upFrom("long-talker").get(0).get("payload").asText()).isEqualTo("after");
        assertThat(upFrom("long-talker").get(0).get("seq").asLong()).isEqualTo(1);
        assertThat(gateway.output()).anyMatch(l -> l.contains("device long-talker sent a line longer than max-line"));
    }

    @Test
    void aGracefulRestartWhileADeviceSends_everyEchoedLineArrives_andFirstArrivalsKeepTheDevicesOrder() throws Exception {
        int port = MosquittoProcess.freePort();
        GatewayProcess first = gateway(broker.uri(), "--port", String.valueOf(port));
        ResendingDevice device = new ResendingDevice(port, "steady");
        closeLast.add(device);
        await().atMost(DELIVERY).until(() -> device.echoed() >= 300);
        first.terminate(); // SIGTERM while the device sends
        assertThat(first.awaitExit(Duration.ofSeconds(20))).isZero();
        long echoedByFirst = device.echoed();
        GatewayProcess second = gateway(broker.uri(), "--port", String.valueOf(port));
        await().atMost(DELIVERY).until(() -> device.echoed() >= echoedByFirst + 300);
        device.close();
        long echoed = device.echoed();
        await().atMost(DELIVERY).untilAsserted(() -> assertThat(firstArrivals("steady"))
                .as("every echoed line at the broker; second gateway:%n%s", tail(second)).hasSizeGreaterThanOrEqualTo((int) echoed));
        List<Long> arrivals = firstArrivals("steady");
        assertThat(arrivals).as("first arrivals in the device's order").isSorted();
        assertThat(arrivals.subList(0, (int) echoed)).containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, echoed).boxed().toList());
    }

    /** The numbers of a device's "reading N" lines at the broker, each at its first arrival. */
    private List<Long> firstArrivals(String device) {
        java.util.LinkedHashSet<Long> seen = new java.util.LinkedHashSet<>();
        for (JsonNode e : upFrom(device)) {
            seen.add(Long.parseLong(e.get("payload").asText().substring("reading ".length())));
        }
        return new ArrayList<>(seen);
    }

    /**
     * A device as the firmware is: sends numbered lines one at a time, each checked by its echo;
     * when the connection drops it connects again (as often as it takes) and sends the line that
     * had no echo again (at least once), then goes on.
     */
    private static final class ResendingDevice implements AutoCloseable {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long echoed;

        ResendingDevice(int port, String id) {
            thread = new Thread(() -> {
                while (running) {
                    try (EchoClient client = new EchoClient(port)) {
                        client.roundTrip("HELLO " + id + "\n");
                        while (running) {
                            String line = "reading " + echoed + "\n";
                            if (!client.roundTrip(line).equals(line)) {
                                throw new IllegalStateException("echo mismatch at " + echoed);
                            }
                            echoed++;
                        }
                    } catch (IOException e) {
                        // the gateway went away: connect again after a while, as a device backs off
                        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            }, "resending-device");
            thread.start();
        }

        long echoed() {
            return echoed;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(30_000);
        }
    }

    @Test
    void brokersThatCannotBeReached_theLogSaysForEachOneWhy() throws Exception {
        int closed = MosquittoProcess.freePort();
        GatewayProcess gateway = gateway("tcp://broker-b.invalid:1883,tcp://127.0.0.1:" + closed);
        await().atMost(DELIVERY).until(() -> gateway.output().stream().anyMatch(l -> l.contains(
                "cannot connect to the broker: tcp://broker-b.invalid:1883: host not found: broker-b.invalid; tcp://127.0.0.1:"
                        + closed + ": connection refused")));
    }

    @Test
    void spoolAtItsLimit_dropsTheOldestAndSaysSo_whileEchoGoesOn() throws Exception {
        GatewayProcess gateway = gateway("tcp://127.0.0.1:" + MosquittoProcess.freePort(), "--spool-max-mb", "1");
        String line = "x".repeat(1000) + "\n";
        try (EchoClient device = new EchoClient(gateway.port())) {
            device.roundTrip("HELLO chatty\n");
            for (int i = 0; i < 3000; i++) {
                assertThat(device.roundTrip(line)).isEqualTo(line);
            }
        }
        assertThat(gateway.output()).anyMatch(l -> l.contains("spool full (spool-max-mb 1): dropped the oldest"));
    }
}
