package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.piclient.FakeInterfaces;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The link's state machine with a fake clock and scripted connections: every transition, no sockets, no waiting. */
class GatewayLinkTest {

    private static final Gateway A = new Gateway("pi-a", 12345);
    private static final Gateway B = new Gateway("pi-b", 12345);
    private static final Gateway C = new Gateway("pi-c", 12345);
    private static final Duration ECHO_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PREFERRED_RETRY = Duration.ofSeconds(60);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ScriptedConnector connector = new ScriptedConnector();
    private final Outbox outbox = new Outbox(32, 120);
    private final List<String> events = new ArrayList<>();
    private final List<String> downlinksUnderstood = List.of("led on");
    private final FakeInterfaces nics = new FakeInterfaces().with("eth0", "127.0.0.2", true).with("wlan0", "127.0.0.3", true);
    private List<String> interfaces = List.of();
    private String token;

    private GatewayLink link(Gateway... gateways) {
        return new GatewayLink(new LinkSettings(List.of(gateways), "pi-1", token, ECHO_TIMEOUT, PREFERRED_RETRY),
                connector, new InterfacePicker(nics, interfaces),
                new Backoff(Duration.ofMillis(500), Duration.ofSeconds(4), bound -> bound - 1), clock::get, outbox,
                new LinkListener() {
                    @Override
                    public void onOnline(Gateway gateway, String via) {
                        events.add("online " + gateway + " via " + via);
                    }

                    @Override
                    public void onOffline(String why) {
                        events.add("offline: " + why);
                    }

                    @Override
                    public void onEcho(String line) {
                        events.add("echo " + line);
                    }

                    @Override
                    public boolean onDownlink(String line) {
                        events.add("downlink " + line);
                        return downlinksUnderstood.contains(line);
                    }
                });
    }

    private void step(long millis) {
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    /** Connects and gets HELLO echoed: online. */
    private ScriptedConnector.ScriptedConnection online(GatewayLink link) {
        link.poll();
        ScriptedConnector.ScriptedConnection c = connector.last();
        c.echoAll();
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.ONLINE);
        return c;
    }

    /** Steps the clock a millisecond at a time until the link tries to connect; how long that took. */
    private long untilNextConnect(GatewayLink link) {
        int attempts = connector.attempts;
        long waited = 0;
        while (connector.attempts == attempts && waited < 100_000) {
            step(1);
            waited++;
            link.poll();
        }
        return waited;
    }

    /** A link to pi-a and pi-b, online with pi-b because pi-a was down. */
    private GatewayLink onB_withADown() {
        connector.down.add(A);
        GatewayLink link = link(A, B);
        link.poll();
        untilNextConnect(link);
        connector.last().echoAll();
        link.poll();
        assertThat(link.gateway()).isEqualTo(B);
        return link;
    }

    @Test
    void connectsSaysHello_andIsOnlineOnlyAfterItsEcho() {
        GatewayLink link = link(A);
        link.poll();
        assertThat(connector.last().written).hasToString("HELLO pi-1\n");
        assertThat(link.state()).isEqualTo(GatewayLink.State.HELLO);
        connector.last().echoAll();
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.ONLINE);
        assertThat(events).containsExactly("online pi-a:12345 via default route");
        assertThat(link.interfaceInUse()).isEqualTo("default route");
    }

    @Test
    void queuedLines_areSentInOrder_andLeaveOnlyWithTheirEcho() {
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection c = online(link);
        outbox.push("n=1");
        outbox.push("n=2");
        link.poll();
        assertThat(c.written).hasToString("n=1\nn=2\n");
        assertThat(outbox.size()).isEqualTo(2);
        c.incoming.append("n=1\nn=");
        c.written.setLength(0);
        link.poll();
        assertThat(outbox.size()).isEqualTo(1);
        c.incoming.append("2\n");
        link.poll();
        assertThat(outbox.size()).isZero();
        assertThat(link.echoes()).isEqualTo(2);
        assertThat(link.mismatches()).isZero();
    }

    @Test
    void unechoedLines_areBoundedByTheWindow() {
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection c = online(link);
        for (int i = 0; i < 20; i++) {
            outbox.push("x" + i);
        }
        link.poll();
        assertThat(c.written.toString().lines()).hasSize(GatewayLink.MAX_UNECHOED);
    }

    @Test
    void fullOutboxWithLinesInFlight_dropsOnlyUnsentLines_andEveryEchoStillMatches() {
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection c = online(link);
        for (int i = 0; i < 32; i++) {
            outbox.push("n=" + i);
        }
        link.poll(); // n=0..n=7 in flight
        outbox.push("n=100"); // full: n=8, the oldest unsent, makes room
        outbox.push("n=101"); // and n=9
        assertThat(outbox.dropped()).isEqualTo(2);
        c.echoAll();
        link.poll();
        assertThat(link.echoes()).isEqualTo(8);
        assertThat(link.mismatches()).isZero();
        assertThat(link.state()).isEqualTo(GatewayLink.State.ONLINE);
        assertThat(c.written).hasToString("n=10\nn=11\nn=12\nn=13\nn=14\nn=15\nn=16\nn=17\n");
    }

    @Test
    void linesInFlight_areResentAfterAReconnect() {
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection first = online(link);
        outbox.push("n=1");
        outbox.push("n=2");
        link.poll();
        first.closedByGateway = true; // gone before echoing
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.BACKOFF);
        assertThat(events).contains("offline: the gateway pi-a:12345 closed the connection");
        assertThat(outbox.size()).isEqualTo(2);
        untilNextConnect(link);
        ScriptedConnector.ScriptedConnection second = connector.last();
        second.echoAll();
        link.poll();
        assertThat(second.written).hasToString("n=1\nn=2\n");
        assertThat(outbox.resent()).isEqualTo(2);
        second.echoAll();
        link.poll();
        assertThat(outbox.size()).isZero();
    }

    @Test
    void noEchoInTime_isAHalfOpenConnection_reconnectsAndResends() {
        GatewayLink link = link(A);
        online(link);
        outbox.push("n=1");
        link.poll();
        step(5001);
        link.poll();
        assertThat(events).contains("offline: no echo within 5000 ms (half-open connection)");
        assertThat(untilNextConnect(link)).isEqualTo(499);
        connector.last().echoAll();
        link.poll();
        assertThat(connector.last().written).hasToString("n=1\n");
    }

    @Test
    void downlinks_understoodOrCountedAsMismatches() {
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection c = online(link);
        c.incoming.append("led on\nsomething else\n");
        link.poll();
        assertThat(events).contains("downlink led on", "downlink something else");
        assertThat(link.mismatches()).isEqualTo(1);
    }

    @Test
    void overlongIncomingLine_isDiscardedWhole_andCounted_andTheLinkGoesOn() {
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection c = online(link);
        outbox.push("n=1");
        link.poll();
        c.incoming.append("z".repeat(GatewayLink.MAX_LINE_BYTES * 3)).append('\n');
        c.echoAll();
        for (int i = 0; i < 5; i++) {
            link.poll();
        }
        assertThat(link.discardedLines()).isEqualTo(1);
        assertThat(link.mismatches()).isZero();
        assertThat(link.echoes()).isEqualTo(1);
    }

    @Test
    void failover_deadFirstGateway_isLeftForTheNext_afterTheBackoff() {
        connector.down.add(A);
        GatewayLink link = link(A, B);
        link.poll();
        assertThat(connector.lastTried).isEqualTo(A);
        assertThat(link.state()).isEqualTo(GatewayLink.State.BACKOFF);
        assertThat(link.gateway()).isEqualTo(B);
        assertThat(untilNextConnect(link)).isEqualTo(499);
        assertThat(connector.last().gateway).isEqualTo(B);
        assertThat(connector.last().written).hasToString("HELLO pi-1\n"); // the same id everywhere
        connector.last().echoAll();
        link.poll();
        assertThat(events).containsExactly("online pi-b:12345 via default route");
    }

    @Test
    void failover_gatewayDiesWhileOnline_theNextTakesOverWithinTheFirstBackoffStep() {
        GatewayLink link = link(A, B);
        ScriptedConnector.ScriptedConnection a = online(link);
        outbox.push("n=1");
        link.poll();
        a.closedByGateway = true;
        connector.down.add(A);
        link.poll();
        assertThat(untilNextConnect(link)).isLessThan(500);
        ScriptedConnector.ScriptedConnection b = connector.last();
        assertThat(b.gateway).isEqualTo(B);
        b.echoAll();
        link.poll();
        assertThat(b.written).hasToString("n=1\n");
    }

    @Test
    void failover_helloAnsweredWrongly_leavesThatGatewayForTheNext() {
        GatewayLink link = link(A, B);
        link.poll();
        connector.last().incoming.append("HELLO someone-else\n");
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.BACKOFF);
        assertThat(link.gateway()).isEqualTo(B);
    }

    @Test
    void failover_everyGatewayDown_cyclesThroughTheList_withTheBackoffGrowingToItsCap() {
        connector.down.addAll(List.of(A, B, C));
        GatewayLink link = link(A, B, C);
        link.poll();
        List<Gateway> tried = new ArrayList<>(List.of(connector.lastTried));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(untilNextConnect(link));
            tried.add(connector.lastTried);
        }
        assertThat(tried).containsExactly(A, B, C, A, B, C);
        assertThat(waits).containsExactly(499L, 999L, 1999L, 3999L, 3999L);
    }

    @Test
    void preferred_isTriedAgainPeriodically_andTheLinkMovesBackOnceItAnswersHello() {
        GatewayLink link = onB_withADown();
        ScriptedConnector.ScriptedConnection b = connector.last();
        int attempts = connector.attempts;

        step(PREFERRED_RETRY.toMillis() - 1);
        link.poll();
        assertThat(connector.attempts).as("not before the retry interval").isEqualTo(attempts);
        step(1);
        link.poll();
        assertThat(connector.lastTried).isEqualTo(A);
        assertThat(link.gateway()).isEqualTo(B);
        assertThat(link.state()).isEqualTo(GatewayLink.State.ONLINE);
        assertThat(b.open).as("the link to pi-b untouched").isTrue();

        connector.down.clear(); // pi-a is back
        step(PREFERRED_RETRY.toMillis());
        outbox.push("n=1");
        link.poll(); // n=1 in flight at pi-b; pi-a tried again
        ScriptedConnector.ScriptedConnection a = connector.last();
        assertThat(a.gateway).isEqualTo(A);
        assertThat(a.written).hasToString("HELLO pi-1\n");
        assertThat(link.gateway()).as("not before pi-a's HELLO echo").isEqualTo(B);
        a.echoAll();
        a.incoming.append("led on\n"); // a downlink right behind the echo is not lost
        link.poll();
        assertThat(link.gateway()).isEqualTo(A);
        assertThat(b.open).isFalse();
        assertThat(events).contains("online pi-a:12345 via default route", "downlink led on")
                .noneMatch(e -> e.startsWith("offline"));
        link.poll();
        assertThat(a.written).hasToString("n=1\n"); // unechoed at pi-b, sent again to pi-a
        a.echoAll();
        link.poll();
        assertThat(outbox.size()).isZero();
        long tries = link.preferredTries();
        step(PREFERRED_RETRY.toMillis() * 2);
        link.poll();
        assertThat(link.preferredTries()).as("on the preferred gateway: no more tries").isEqualTo(tries);
    }

    @Test
    void preferred_thatDoesNotEchoHello_isClosed_andTheLinkStaysWhereItIs() {
        GatewayLink link = onB_withADown();
        connector.down.clear();
        step(PREFERRED_RETRY.toMillis());
        link.poll();
        ScriptedConnector.ScriptedConnection a = connector.last();
        assertThat(a.open).isTrue();
        step(ECHO_TIMEOUT.toMillis() + 1);
        link.poll();
        assertThat(a.open).isFalse();
        assertThat(link.gateway()).isEqualTo(B);
        assertThat(link.state()).isEqualTo(GatewayLink.State.ONLINE);
    }

    @Test
    void interfaceLost_waitsForOne_andTheLinkComesBackOverTheNext() {
        interfaces = List.of("eth0", "wlan0");
        GatewayLink link = link(A);
        ScriptedConnector.ScriptedConnection overEth0 = online(link);
        assertThat(overEth0.from.orElseThrow().getHostAddress()).isEqualTo("127.0.0.2");
        nics.set("eth0", false);
        step(InterfaceWatch.CHECK.toMillis());
        link.poll();
        assertThat(events).contains("offline: switching from eth0 to wlan0");
        assertThat(connector.last().from.orElseThrow().getHostAddress()).as("at once, no backoff").isEqualTo("127.0.0.3");
        connector.last().echoAll();
        link.poll();
        assertThat(link.interfaceInUse()).isEqualTo("wlan0");

        nics.set("wlan0", false);
        step(InterfaceWatch.CHECK.toMillis());
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.WAIT_NETWORK);
        int attempts = connector.attempts;
        step(10_000);
        link.poll();
        assertThat(connector.attempts).isEqualTo(attempts);

        nics.set("eth0", true);
        step(InterfaceWatch.CHECK.toMillis());
        link.poll();
        assertThat(connector.last().from.orElseThrow().getHostAddress()).isEqualTo("127.0.0.2");
    }

    @Test
    void token_isSaidAfterTheIdInHello_neverShownInSettingsOrWhenHelloIsAnsweredOtherwise() {
        token = "s3cr3t-T0ken";
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(GatewayLink.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        GatewayLink link = link(A, B);
        link.poll();
        assertThat(connector.last().written).hasToString("HELLO pi-1 s3cr3t-T0ken\n");
        connector.last().incoming.append("HELLO pi-1 s3cr3t-T0ke\n");
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.BACKOFF);
        assertThat(new LinkSettings(List.of(A), "pi-1", token, ECHO_TIMEOUT, PREFERRED_RETRY).toString())
                .doesNotContain("s3cr3t").contains("with a token");
        untilNextConnect(link);
        connector.last().echoAll();
        link.poll();
        assertThat(link.state()).isEqualTo(GatewayLink.State.ONLINE);
        logger.detachAppender(logged);
        assertThat(logged.list).isNotEmpty().allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain("s3cr3t"));
        assertThat(logged.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("another HELLO (not shown"));
    }
}
