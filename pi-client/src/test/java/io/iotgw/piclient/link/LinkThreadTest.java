package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.piclient.EchoServer;
import io.iotgw.piclient.FakeInterfaces;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The link on its own thread over real sockets, against an echo server on loopback, over fake interfaces with real addresses. */
class LinkThreadTest {

    private static final Duration CAP = Duration.ofSeconds(1);
    private final List<String> echoed = new CopyOnWriteArrayList<>();
    private final List<String> online = new CopyOnWriteArrayList<>();
    private final Outbox outbox = new Outbox(100, GatewayLink.MAX_LINE_BYTES);

    private GatewayLink link(InterfacePicker picker, int... ports) {
        List<Gateway> gateways = java.util.Arrays.stream(ports).mapToObj(p -> new Gateway("127.0.0.1", p)).toList();
        return new GatewayLink(new LinkSettings(gateways, "pi-test", null, Duration.ofSeconds(5), Duration.ofMillis(300)),
                new SocketConnector(Duration.ofSeconds(2), Optional.empty()), picker, new Backoff(Duration.ofMillis(100), CAP, bound -> bound / 2),
                System::nanoTime, outbox, new LinkListener() {
                    @Override
                    public void onOnline(Gateway gateway, String via) {
                        online.add(via + " " + gateway.port());
                    }

                    @Override
                    public void onEcho(String line) {
                        echoed.add(line);
                    }
                });
    }

    private static InterfacePicker defaultRoute() {
        return new InterfacePicker(new FakeInterfaces(), List.of());
    }

    @Test
    void linesQueuedBeforeConnecting_areSentAndEchoedInOrder() throws Exception {
        try (EchoServer server = new EchoServer()) {
            GatewayLink link = link(defaultRoute(), server.port());
            outbox.push("first");
            outbox.push("second");
            try (LinkThread thread = new LinkThread(link, Duration.ofSeconds(5))) {
                thread.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> echoed.size() == 2);
                assertThat(echoed).containsExactly("first", "second");
                assertThat(outbox.size()).isZero();
                assertThat(link.interfaceInUse()).isEqualTo("default route");
            }
        }
    }

    @Test
    void preferredInterfaceLost_movesToTheNext_andBackWhenItReturns() throws Exception {
        FakeInterfaces nics = new FakeInterfaces().with("eth0", "127.0.0.2", true).with("wlan0", "127.0.0.3", true);
        try (EchoServer server = new EchoServer()) {
            GatewayLink link = link(new InterfacePicker(nics, List.of("eth0", "wlan0")), server.port());
            try (LinkThread thread = new LinkThread(link, Duration.ofSeconds(5))) {
                thread.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> "eth0".equals(link.interfaceInUse()));
                assertThat(server.clients().get(0).getHostAddress()).isEqualTo("127.0.0.2");

                nics.set("eth0", false);
                await().atMost(CAP).until(() -> "wlan0".equals(link.interfaceInUse()));
                assertThat(server.clients().get(server.clients().size() - 1).getHostAddress()).isEqualTo("127.0.0.3");
                outbox.push("over wlan0");
                await().atMost(Duration.ofSeconds(10)).until(() -> echoed.contains("over wlan0"));

                nics.set("eth0", true);
                await().atMost(CAP).until(() -> "eth0".equals(link.interfaceInUse()));
                assertThat(server.clients().get(server.clients().size() - 1).getHostAddress()).isEqualTo("127.0.0.2");
                String port = " " + server.port();
                assertThat(online).containsExactly("eth0" + port, "wlan0" + port, "eth0" + port);
            }
        }
    }

    @Test
    void firstGatewayGone_theSecondTakesOver_andTheFirstIsTakenBackWhenItReturns() throws Exception {
        EchoServer first = new EchoServer();
        int firstPort = first.port();
        try (EchoServer second = new EchoServer()) {
            GatewayLink link = link(defaultRoute(), firstPort, second.port());
            try (LinkThread thread = new LinkThread(link, Duration.ofSeconds(5))) {
                thread.start();
                await().atMost(Duration.ofSeconds(10)).until(() -> online.size() == 1);
                first.close();
                outbox.push("while moving");
                await().atMost(CAP.plusSeconds(5)).until(() -> echoed.contains("while moving"));
                assertThat(link.gateway().port()).isEqualTo(second.port());
                try (EchoServer again = EchoServer.onPort(firstPort)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> link.gateway().port() == firstPort);
                    outbox.push("back home");
                    await().atMost(Duration.ofSeconds(10)).until(() -> echoed.contains("back home"));
                    assertThat(again.clients()).isNotEmpty();
                }
            }
        }
    }
}
