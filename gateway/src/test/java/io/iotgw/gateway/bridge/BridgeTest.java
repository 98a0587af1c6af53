package io.iotgw.gateway.bridge;

import static io.iotgw.gateway.spool.Spools.append;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.LogCapture;
import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.config.HaConfig;
import io.iotgw.gateway.config.ReadingsConfig;
import io.iotgw.gateway.ha.SensorTable;
import io.iotgw.gateway.device.DeviceRegistry;
import io.iotgw.gateway.device.DeviceSession;
import io.iotgw.gateway.device.TestSessions;
import io.iotgw.gateway.spool.Spool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge's publishing side on the {@link MqttLink} seam, with a real spool in a temp dir and a scripted broker link. */
class BridgeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String UP = "iotgw/gw/dev/up";

    @TempDir
    Path dir;

    private Spool spool;
    private Bridge bridge;
    private ScriptedLink link;

    private void start(int window) throws Exception {
        start(window, Optional.empty());
    }

    private void start(int window, Optional<HaConfig> homeAssistant) throws Exception {
        BridgeConfig config = new BridgeConfig(List.of(URI.create("tcp://scripted:1883")), "gw", "iotgw", Optional.empty(),
                Optional.empty(), 1, Duration.ofSeconds(30), window, 1_000_000, 0, dir, 64L << 20, Duration.ofSeconds(1),
                new ReadingsConfig(true, homeAssistant), 160, 4096);
        spool = Spool.open(dir, config.spoolMaxBytes(), config.spoolFsync());
        AtomicReference<ScriptedLink> made = new AtomicReference<>();
        bridge = new Bridge(config, spool, new DeviceRegistry(), (id, channel) -> true, events -> {
            made.set(new ScriptedLink(events));
            return made.get();
        });
        link = made.get();
        bridge.start();
        await().atMost(WAIT).until(() -> bridge.stats().connected());
    }

    @AfterEach
    void stop() {
        if (bridge != null) {
            link.autoAck(true);
            bridge.close();
        }
    }

    private List<ScriptedLink.Published> lines() {
        return link.on(UP);
    }

    private static List<String> payloads(List<ScriptedLink.Published> published) {
        return published.stream().map(p -> p.text().replaceAll(".*\"payload\":\"([^\"]*)\".*", "$1")).toList();
    }

    @Test
    void acknowledgementsOutOfOrder_releaseTheSpoolOnlyUpToTheFirstLineNotYetAcknowledged() throws Exception {
        start(16);
        append(spool, "dev", "1", "2", "3", "4", "5");
        await().atMost(WAIT).until(() -> lines().size() == 5);
        List<ScriptedLink.Published> sent = lines();
        link.ack(sent.get(1));
        link.ack(sent.get(2));
        link.ack(sent.get(4));
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> spool.backlog() == 5);
        link.ack(sent.get(0));
        await().atMost(WAIT).until(() -> spool.backlog() == 2);
        link.ack(sent.get(3));
        await().atMost(WAIT).until(() -> spool.backlog() == 0);
        assertThat(bridge.stats().lines()).isEqualTo(5);
    }

    @Test
    void aLinkLostMidWindow_sendsEverythingNotAcknowledgedAgain_inOrder() throws Exception {
        start(16);
        append(spool, "dev", "1", "2", "3", "4", "5", "6");
        await().atMost(WAIT).until(() -> lines().size() == 6);
        link.ack(lines().get(0));
        link.ack(lines().get(1));
        link.ack(lines().get(3)); // out of order: still sent again, as 3 is not acknowledged
        await().atMost(WAIT).until(() -> spool.backlog() == 4);
        link.lose();
        await().atMost(WAIT).until(() -> link.connects() == 2 && lines().size() == 10);
        assertThat(payloads(lines().subList(6, 10))).containsExactly("3", "4", "5", "6");
        link.autoAck(true);
        await().atMost(WAIT).until(() -> spool.backlog() == 0);
    }

    @Test
    void presence_isAnnounced_andAnnouncedAgainAfterAReconnect() throws Exception {
        start(16);
        link.autoAck(true);
        DeviceSession dev = TestSessions.named("pump-1");
        bridge.onNamed(dev);
        String status = "iotgw/gw/pump-1/status";
        await().atMost(WAIT).until(() -> link.on(status).size() == 1);
        assertThat(link.on(status).get(0).retained()).isTrue();
        assertThat(link.on(status).get(0).text()).contains("\"state\":\"online\"");
        link.lose();
        await().atMost(WAIT).until(() -> link.on(status).size() == 2);
        assertThat(link.on(status).get(1).text()).contains("\"state\":\"online\"");
        assertThat(link.on("iotgw/gw/status")).hasSize(2);
        bridge.onGone(dev, false);
        await().atMost(WAIT).until(() -> link.on(status).size() == 3);
        assertThat(link.on(status).get(2).text()).contains("\"state\":\"offline\"");
    }

    @Test
    void aStormOfPresenceAndLines_whileTheWindowIsFull_neverGoesPastTheWindow_andNeverReconnects() throws Exception {
        int window = 16;
        start(window);
        append(spool, "dev", "first");
        await().atMost(WAIT).until(() -> lines().size() == 1);
        List<DeviceSession> devices = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            DeviceSession d = TestSessions.named("d" + (i % 2_000));
            devices.add(d);
            bridge.onNamed(d);
            if (i % 3 == 0) {
                bridge.onGone(d, false);
            }
            if (i % 10 == 0) {
                append(spool, "dev", "line " + i);
            }
        }
        await().atMost(WAIT).until(() -> link.inFlight().size() == window);
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> link.inFlight().size() == window);
        link.autoAck(true);
        await().atMost(Duration.ofSeconds(30)).until(() -> spool.backlog() == 0 && presenceSettled(devices));
        assertThat(link.maxInFlight()).isEqualTo(window);
        assertThat(link.connects()).isEqualTo(1);
        assertThat(lines()).hasSize(1_001);
        Map<String, Long> perDevice = link.published().stream().filter(p -> p.topic().endsWith("/status")
                && !p.topic().equals("iotgw/gw/status")).collect(Collectors.groupingBy(ScriptedLink.Published::topic,
                Collectors.counting()));
        assertThat(perDevice).hasSize(2_000);
        assertThat(perDevice.values().stream().mapToLong(Long::longValue).sum())
                .as("changes that waited together went out as one").isLessThan(10_000);
    }

    /** Every device's last status at the broker is its last state here. */
    private boolean presenceSettled(List<DeviceSession> devices) {
        Map<String, String> last = new java.util.HashMap<>();
        for (ScriptedLink.Published p : link.published()) {
            last.put(p.topic(), p.text());
        }
        Map<String, Boolean> expected = new java.util.HashMap<>();
        for (int i = 0; i < devices.size(); i++) {
            expected.put(devices.get(i).deviceId(), i % 3 != 0);
        }
        return expected.entrySet().stream().allMatch(e -> {
            String text = last.get("iotgw/gw/" + e.getKey() + "/status");
            return text != null && text.contains(e.getValue() ? "\"online\"" : "\"offline\"");
        });
    }

    @Test
    void aClientBusyBeforeTheWindowIsFull_isWaitedFor_neverTakenForALostConnection() throws Exception {
        start(32);
        link.busyAbove(4);
        append(spool, "dev", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        await().atMost(WAIT).until(() -> link.inFlight().size() == 4); // the gateway's status and 3 lines
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> link.inFlight().size() == 4 && lines().size() == 3);
        link.autoAck(true);
        await().atMost(WAIT).until(() -> spool.backlog() == 0);
        assertThat(payloads(lines())).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertThat(link.connects()).isEqualTo(1);
        assertThat(bridge.stats().losses()).isZero();
    }

    @Test
    void aLineTheClientWillNeverTake_isSkippedCountedAndLogged_andTheNextOnesGo() throws Exception {
        start(16);
        link.autoAck(true).refuse("iotgw/gw/bad/up");
        try (LogCapture logs = new LogCapture()) {
            append(spool, "bad", "poison");
            append(spool, "dev", "fine");
            await().atMost(WAIT).until(() -> spool.backlog() == 0);
            assertThat(payloads(lines())).containsExactly("fine");
            assertThat(bridge.stats().refused()).isEqualTo(1);
            assertThat(link.connects()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR the MQTT client refuses line 1 of device bad"));
        }
    }

    @Test
    void aLineTheClientGaveUpOn_whileConnected_goesAgain_andHoldsTheSpoolUntilThen() throws Exception {
        start(16);
        append(spool, "dev", "1", "2");
        await().atMost(WAIT).until(() -> lines().size() == 2);
        link.fail(lines().get(0));
        link.ack(lines().get(1));
        await().atMost(WAIT).until(() -> lines().size() == 3);
        assertThat(payloads(lines()).get(2)).isEqualTo("1");
        assertThat(spool.backlog()).isEqualTo(2);
        link.ack(lines().get(2));
        await().atMost(WAIT).until(() -> spool.backlog() == 0);
        assertThat(link.connects()).isEqualTo(1);
    }

    @Test
    void aLineWithNewNumericFields_theirHomeAssistantConfigsGoBeforeIt_andOnlyOnce() throws Exception {
        start(16, Optional.of(new HaConfig("homeassistant", SensorTable.BUILT_IN)));
        link.autoAck(true);
        bridge.onNamed(TestSessions.named("dev"));
        append(spool, "dev", "temp=21.5 rssi=-60 room=kitchen", "temp=21.6 rssi=-61 room=kitchen");
        await().atMost(WAIT).until(() -> lines().size() == 2);
        List<String> order = link.published().stream().map(ScriptedLink.Published::topic).toList();
        int firstLine = order.indexOf(UP);
        assertThat(order.subList(0, firstLine)).contains("homeassistant/sensor/gw/dev_temp/config",
                "homeassistant/sensor/gw/dev_rssi/config");
        assertThat(order).filteredOn(t -> t.startsWith("homeassistant/sensor/")).hasSize(2);
        assertThat(lines().get(0).text()).contains("\"fields\":{\"temp\":21.5,\"rssi\":-60,\"room\":\"kitchen\"}");
    }
}
