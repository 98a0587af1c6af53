package io.iotgw.gateway.e2e;

import static io.iotgw.gateway.e2e.FleetReports.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet arriving at once, end to end: the packaged gateway bridged into a real Mosquitto with a
 * small in-flight window, a fleet of simulated devices (the fleet subcommand: HELLO, readings, echo
 * checks, jittered reconnects), the gateway killed with SIGKILL and started again on the same port
 * and spool, so that every device comes back within seconds — a presence storm. Presence goes
 * through the same bounded window as the lines: the window overflowing must never be taken for a
 * lost broker connection.
 */
class PresenceStormIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final int DEVICES = 1500;
    private static final String GW = "gw-storm";
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    private GatewayProcess gateway(MosquittoProcess broker, int port) throws IOException {
        GatewayProcess g = GatewayProcess.start(JAVA, Map.of(), "--port", String.valueOf(port), "--mqtt", broker.uri(),
                "--gateway-id", GW, "--spool-dir", dir.resolve("spool").toString(), "--mqtt-inflight", "16",
                "--max-connections", String.valueOf(DEVICES + 100));
        closeLast.add(0, g);
        await().atMost(WAIT).until(() -> g.output().stream().anyMatch(l -> l.contains("broker connected")));
        return g;
    }

    private static long number(Optional<Map<String, String>> report, String key) {
        return report.map(r -> Long.parseLong(r.get(key))).orElse(-1L);
    }

    /** Devices whose status the subscriber saw go online, among the messages from {@code from} on. */
    private static Set<String> onlineSince(MqttSubscriber status, int from) {
        List<MqttSubscriber.Message> messages = status.messages();
        return messages.subList(Math.min(from, messages.size()), messages.size()).stream()
                .filter(m -> "online".equals(m.json().path("state").asText()))
                .map(m -> m.topic().split("/")[2]).collect(Collectors.toSet());
    }

    @Test
    void aWholeFleetBackAtOnceAfterARestart_neverDropsTheBrokerLink_everyDeviceEndsOnline_noLineLost() throws Exception {
        MosquittoProcess broker = MosquittoProcess.start(dir);
        closeLast.add(broker);
        MqttSubscriber status = new MqttSubscriber(broker.uri(), "iotgw/" + GW + "/+/status");
        closeLast.add(0, status);
        int port = MosquittoProcess.freePort();
        GatewayProcess first = gateway(broker, port);
        GatewayProcess fleet = GatewayProcess.launch(JAVA, Map.of(), "fleet", "--gateway", "127.0.0.1:" + port,
                "-n", String.valueOf(DEVICES), "--interval-ms", "2000", "--ramp-s", "3", "--outbox", "256", "-d", "0",
                "--report-s", "1", "--backoff-cap-ms", "2000", "--echo-timeout-ms", "10000");
        closeLast.add(0, fleet);
        await().atMost(WAIT).until(() -> last(fleet, "all_online").isPresent());
        await().atMost(WAIT).until(() -> onlineSince(status, 0).size() == DEVICES);

        first.kill();
        await().atMost(WAIT).until(() -> number(last(fleet, "progress"), "online") < DEVICES / 2);
        int beforeRestart = status.messages().size();
        GatewayProcess second = gateway(broker, port);
        await().atMost(WAIT).until(() -> last(fleet, "recovered").isPresent());
        await().atMost(WAIT).until(() -> onlineSince(status, beforeRestart).size() == DEVICES);
        long echoedAtRecovery = number(last(fleet, "progress"), "echoed");
        await().atMost(WAIT).until(() -> number(last(fleet, "progress"), "echoed") > echoedAtRecovery + DEVICES);

        try (MqttSubscriber retained = new MqttSubscriber(broker.uri(), "iotgw/" + GW + "/+/status")) {
            await().atMost(WAIT).until(() -> retained.messages().stream().filter(MqttSubscriber.Message::retained)
                    .filter(m -> "online".equals(m.json().path("state").asText())).count() == DEVICES);
        }

        fleet.terminate();
        assertThat(fleet.awaitExit(Duration.ofSeconds(30))).isNotEqualTo(-1);
        Optional<Map<String, String>> report = last(fleet, "final");
        assertThat(report).as("fleet output: %s", fleet.output()).isPresent();
        assertThat(number(report, "lost")).as("lines lost; %s", report).isZero();
        assertThat(number(report, "mismatches")).isZero();
        System.out.println("storm: " + last(fleet, "recovered").orElseThrow() + "; " + report.orElseThrow());

        assertThat(second.output()).as("the window overflowing is no lost connection")
                .noneMatch(l -> l.contains("broker connection lost") || l.contains("Too many publishes"))
                .filteredOn(l -> l.contains("broker connected")).hasSize(1);
    }
}
