package io.iotgw.gateway.e2e;

import static io.iotgw.gateway.e2e.FleetReports.last;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fleet simulator ({@code fleet}) as a process against the packaged gateway: its devices come
 * online, survive a gateway SIGKILL and restart (or move to a second gateway and back), and it
 * reports all of it in key=value lines, with no line lost.
 */
class FleetIT {

    private static final int DEVICES = 50;
    private final List<GatewayProcess> processes = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (GatewayProcess p : processes) {
            p.close();
        }
    }

    private GatewayProcess gateway(int port) throws IOException {
        GatewayProcess g = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", String.valueOf(port));
        processes.add(g);
        return g;
    }

    private GatewayProcess fleet(String gateways) throws IOException {
        GatewayProcess f = GatewayProcess.launch(Requirements.currentJava(), Map.of(), "fleet", "--gateway", gateways,
                // an outbox for 2 minutes of readings: nothing is lost however long a loaded machine takes to restart
                "-n", String.valueOf(DEVICES), "--interval-ms", "500", "--outbox", "256", "-d", "0", "--report-s", "1",
                "--ramp-s", "1",
                "--backoff-cap-ms", "1000", "--echo-timeout-ms", "3000", "--preferred-retry-ms", "2000");
        processes.add(f);
        return f;
    }

    private static long number(Map<String, String> values, String key) {
        return Long.parseLong(values.get(key));
    }

    private static Map<String, String> finalReport(GatewayProcess fleet) throws InterruptedException {
        fleet.terminate();
        assertThat(fleet.awaitExit(Duration.ofSeconds(20))).isNotEqualTo(-1);
        Map<String, String> report = last(fleet, "final").orElseThrow(() -> new AssertionError(fleet.output()));
        assertThat(number(report, "lost")).as("lost lines; %s", report).isZero();
        assertThat(number(report, "mismatches")).isZero();
        assertThat(number(report, "echoed")).isPositive();
        return report;
    }

    @Test
    void gatewayKilledAndRestarted_everyDeviceComesBack_theRecoveryIsReported_andNoLineIsLost() throws Exception {
        int port = MosquittoProcess.freePort();
        GatewayProcess gateway = gateway(port);
        GatewayProcess fleet = fleet("127.0.0.1:" + port);
        await().atMost(Duration.ofSeconds(60)).until(() -> last(fleet, "all_online").isPresent());
        assertThat(last(fleet, "start").orElseThrow()).containsEntry("devices", String.valueOf(DEVICES))
                .containsKey("fd_limit");

        gateway.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> last(fleet, "progress")
                .map(r -> number(r, "online") < DEVICES).orElse(false));
        gateway(port);
        Map<String, String> recovered = await().atMost(Duration.ofSeconds(60)).until(() -> last(fleet, "recovered"),
                Optional::isPresent).orElseThrow();
        System.out.println("fleet: " + String.join(" ", fleet.output().stream()
                .filter(l -> l.startsWith("report=recovered")).toList()));
        assertThat(number(recovered, "outage_ms")).isPositive();
        long echoedAtRecovery = last(fleet, "progress").map(r -> number(r, "echoed")).orElse(0L);
        await().atMost(Duration.ofSeconds(30)).until(() -> last(fleet, "progress")
                .map(r -> number(r, "echoed") > echoedAtRecovery + DEVICES).orElse(false));

        Map<String, String> report = finalReport(fleet);
        assertThat(number(report, "online")).isEqualTo(DEVICES);
        assertThat(number(report, "outages")).isEqualTo(1);
        assertThat(number(report, "connects")).isGreaterThanOrEqualTo(2L * DEVICES);
        assertThat(number(report, "last_recovery_ms")).isEqualTo(number(recovered, "outage_ms"));
    }

    @Test
    void firstOfTwoGatewaysKilled_theFleetMovesToTheSecond_andBackWhenTheFirstReturns() throws Exception {
        int portA = MosquittoProcess.freePort();
        int portB = MosquittoProcess.freePort();
        GatewayProcess a = gateway(portA);
        gateway(portB);
        GatewayProcess fleet = fleet("127.0.0.1:" + portA + ",127.0.0.1:" + portB);
        await().atMost(Duration.ofSeconds(60)).until(() -> last(fleet, "progress")
                .map(r -> r.get("online_per_gateway").equals(DEVICES + ",0")).orElse(false));

        a.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> last(fleet, "progress")
                .map(r -> r.get("online_per_gateway").equals("0," + DEVICES)).orElse(false));
        gateway(portA);
        await().atMost(Duration.ofSeconds(30)).until(() -> last(fleet, "progress")
                .map(r -> r.get("online_per_gateway").equals(DEVICES + ",0")).orElse(false));

        Map<String, String> report = finalReport(fleet);
        assertThat(number(report, "moves")).isEqualTo(DEVICES);
        assertThat(number(report, "resent")).isGreaterThanOrEqualTo(0);
    }
}
