package io.iotgw.gateway.bench.fleet;

import static io.iotgw.gateway.bench.fleet.ScriptedNetwork.Gateway.DOWN;
import static io.iotgw.gateway.bench.fleet.ScriptedNetwork.Gateway.ECHOING;
import static io.iotgw.gateway.bench.fleet.ScriptedNetwork.Gateway.SILENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The virtual device's state machine on a scripted network with fake time: no sockets, no waiting. */
class VirtualDeviceTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PREFERRED_RETRY = Duration.ofSeconds(60);

    private FleetStats stats;
    private boolean spread;
    private final List<VirtualDevice> devices = new ArrayList<>();

    private ScriptedNetwork fleet(int count, ScriptedNetwork.Gateway... gateways) {
        ScriptedNetwork network = new ScriptedNetwork(gateways);
        List<GatewayAddress> addresses = new ArrayList<>();
        for (int i = 0; i < gateways.length; i++) {
            addresses.add(new GatewayAddress("127.0.0.1", 12345 + i));
        }
        FleetConfig config = new FleetConfig(addresses, count, "dev-", INTERVAL, Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofSeconds(4), ECHO_TIMEOUT, Duration.ofSeconds(5), PREFERRED_RETRY, 16, 4, spread);
        stats = new FleetStats(count, gateways.length, network::nanoTime);
        for (int i = 1; i <= count; i++) {
            VirtualDevice d = new VirtualDevice(i, config, stats, network, i);
            devices.add(d);
            d.start();
        }
        return network;
    }

    private long queued() {
        return stats.readings.sum() - stats.echoed.sum() - stats.lost.sum();
    }

    @Test
    void device_saysHello_andEveryReadingIsEchoed() {
        ScriptedNetwork network = fleet(1, ECHOING);
        network.advance(10_500);
        assertThat(network.links.get(0).written.get(0)).isEqualTo("HELLO dev-00001");
        assertThat(network.links.get(0).written.get(1)).matches("n=1 uptime_ms=\\d+ heap=200000 rssi=-60 sensor=-1");
        assertThat(stats.online()).isEqualTo(1);
        assertThat(stats.readings.sum()).isBetween(10L, 11L);
        assertThat(stats.echoed.sum()).isEqualTo(stats.readings.sum());
        assertThat(stats.lost.sum()).isZero();
        assertThat(stats.mismatches.sum()).isZero();
    }

    @Test
    void gatewayThatNeverAnswers_fillsTheOutbox_onlyUnsentLinesAreLost_andNothingIsMiscounted() {
        ScriptedNetwork network = fleet(1, DOWN);
        network.advance(30_000);
        assertThat(stats.readings.sum()).isBetween(29L, 30L);
        assertThat(stats.lost.sum()).isEqualTo(stats.readings.sum() - 16);
        assertThat(queued()).isEqualTo(16);
        assertThat(stats.connectFailures.sum()).isGreaterThan(5);
    }

    @Test
    void gatewayKilled_theUnechoedLinesGoAgainAfterTheReconnect_andNoneIsLost() {
        ScriptedNetwork network = fleet(1, SILENT);
        network.advance(3_500); // HELLO unanswered: not online, lines pile up
        network.gateways[0] = ECHOING;
        network.advance(ECHO_TIMEOUT.toMillis() + 5_000); // the timeout ends the silent link; the next echoes
        assertThat(stats.connects.sum()).isGreaterThanOrEqualTo(2);
        assertThat(queued()).isZero();
        long echoedBefore = stats.echoed.sum();

        // lines in flight when the gateway dies
        network.gateways[0] = SILENT;
        network.advance(2_500);
        network.kill(0);
        network.advance(3_000);
        network.gateways[0] = ECHOING;
        network.advance(10_000);
        assertThat(stats.resent.sum()).isGreaterThan(0);
        assertThat(stats.lost.sum()).isZero();
        assertThat(queued()).isZero();
        assertThat(stats.echoed.sum()).isGreaterThan(echoedBefore).isEqualTo(stats.readings.sum());
    }

    @Test
    void halfOpenConnection_noEchoInTime_isLeftAndConnectedAgain() {
        ScriptedNetwork network = fleet(1, ECHOING);
        network.advance(3_000);
        network.gateways[0] = SILENT;
        network.advance(ECHO_TIMEOUT.toMillis() + 1_500);
        assertThat(network.links.get(0).closed).isTrue();
        assertThat(network.links).hasSizeGreaterThan(1);
    }

    @Test
    void failover_toTheNextGateway_withinTheBackoff_andBackToThePreferredOnceItAnswers() {
        ScriptedNetwork network = fleet(20, ECHOING, ECHOING);
        network.advance(3_000);
        assertThat(stats.onlineAt(0)).isEqualTo(20);
        network.kill(0);
        network.advance(500); // the first backoff step after a good connection: under 500 ms
        assertThat(stats.onlineAt(1)).isEqualTo(20);
        assertThat(devices).allMatch(d -> d.gateway() == 1);

        network.gateways[0] = ECHOING;
        network.advance(PREFERRED_RETRY.toMillis() + 1_000);
        assertThat(stats.onlineAt(0)).isEqualTo(20);
        assertThat(stats.moves.sum()).isEqualTo(20);
        assertThat(stats.online()).as("never offline on the way back").isEqualTo(20);
        network.advance(5_000);
        assertThat(queued()).isZero();
        assertThat(stats.lost.sum()).isZero();
    }

    @Test
    void preferredStillDown_theDevicesStayWhereTheyAre() {
        ScriptedNetwork network = fleet(5, DOWN, ECHOING);
        network.advance(3_000);
        assertThat(stats.onlineAt(1)).isEqualTo(5);
        long triesBefore = network.connectsTo(0);
        network.advance(PREFERRED_RETRY.toMillis() * 2);
        assertThat(network.connectsTo(0)).isEqualTo(triesBefore + 10); // two tries each
        assertThat(stats.onlineAt(1)).isEqualTo(5);
        assertThat(stats.moves.sum()).isZero();
    }

    @Test
    void outageAndRecovery_areMeasured_fromTheFirstDropToTheLastDeviceBack() {
        ScriptedNetwork network = fleet(10, ECHOING);
        network.advance(3_000);
        assertThat(stats.nextEvent()).startsWith("report=all_online ");
        network.kill(0);
        network.advance(2_000);
        assertThat(stats.online()).isZero();
        network.gateways[0] = ECHOING;
        network.advance(10_000);
        assertThat(stats.online()).isEqualTo(10);
        String recovered = stats.nextEvent();
        assertThat(recovered).matches("report=recovered t_s=\\S+ outage=1 outage_ms=\\d+ after_first_back_ms=\\d+");
        long outageMs = Long.parseLong(recovered.replaceAll(".* outage_ms=(\\d+) .*", "$1"));
        assertThat(outageMs).isBetween(2_000L, 6_000L);
        assertThat(stats.line("final")).contains(" outages=1 ", " last_recovery_ms=" + outageMs);
    }

    @Test
    void spread_eachGatewayIsPreferredByItsShare_andADeadOnesDevicesGoToTheNextInTheirLists() {
        spread = true;
        ScriptedNetwork network = fleet(30, ECHOING, ECHOING, ECHOING);
        network.advance(3_000);
        assertThat(List.of(stats.onlineAt(0), stats.onlineAt(1), stats.onlineAt(2))).containsExactly(10, 10, 10);
        network.kill(1);
        network.advance(1_000);
        assertThat(List.of(stats.onlineAt(0), stats.onlineAt(1), stats.onlineAt(2))).containsExactly(10, 0, 20);
        network.gateways[1] = ECHOING;
        network.advance(PREFERRED_RETRY.toMillis() + 1_000);
        assertThat(List.of(stats.onlineAt(0), stats.onlineAt(1), stats.onlineAt(2))).containsExactly(10, 10, 10);
    }
}
