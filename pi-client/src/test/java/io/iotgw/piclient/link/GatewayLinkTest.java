package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.piclient.EchoServer;
import io.iotgw.piclient.FakeInterfaces;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The service link against a real echo server on loopback, over fake interfaces with real addresses. */
class GatewayLinkTest {

    private static final Duration CAP = Duration.ofSeconds(1);
    private final List<String> echoed = new CopyOnWriteArrayList<>();
    private final List<String> online = new CopyOnWriteArrayList<>();

    private GatewayLink link(int port, InterfacePicker picker) {
        GatewayLink.Settings settings = new GatewayLink.Settings("127.0.0.1", port, "pi-test", Duration.ofSeconds(2),
                Duration.ofSeconds(5), 100);
        return new GatewayLink(settings, picker, new Backoff(Duration.ofMillis(100), CAP, bound -> bound / 2),
                new GatewayLink.Listener() {
                    @Override
                    public void onOnline(String name) {
                        online.add(name);
                    }

                    @Override
                    public void onEcho(String line) {
                        echoed.add(line);
                    }
                });
    }

    @Test
    void linesQueuedBeforeConnecting_areSentAndEchoedInOrder() throws Exception {
        try (EchoServer server = new EchoServer()) {
            GatewayLink link = link(server.port(), new InterfacePicker(new FakeInterfaces(), List.of()));
            link.send("first");
            link.send("second");
            link.start();
            try (link) {
                await().atMost(Duration.ofSeconds(10)).until(() -> echoed.size() == 2);
                assertThat(echoed).containsExactly("first", "second");
                assertThat(link.queued()).isZero();
                assertThat(link.interfaceInUse()).isEqualTo("default route");
            }
        }
    }

    @Test
    void preferredInterfaceLost_movesToTheNext_andBackWhenItReturns() throws Exception {
        FakeInterfaces nics = new FakeInterfaces().with("eth0", "127.0.0.2", true).with("wlan0", "127.0.0.3", true);
        try (EchoServer server = new EchoServer()) {
            GatewayLink link = link(server.port(), new InterfacePicker(nics, List.of("eth0", "wlan0")));
            link.start();
            try (link) {
                await().atMost(Duration.ofSeconds(10)).until(() -> "eth0".equals(link.interfaceInUse()));
                assertThat(server.clients().get(0).getHostAddress()).isEqualTo("127.0.0.2");

                nics.set("eth0", false);
                long lost = System.nanoTime();
                await().atMost(CAP).until(() -> "wlan0".equals(link.interfaceInUse()));
                System.out.printf("failover to wlan0 after %d ms (backoff cap %d ms)%n",
                        Duration.ofNanos(System.nanoTime() - lost).toMillis(), CAP.toMillis());
                assertThat(server.clients().get(server.clients().size() - 1).getHostAddress()).isEqualTo("127.0.0.3");
                link.send("over wlan0");
                await().atMost(Duration.ofSeconds(10)).until(() -> echoed.contains("over wlan0"));

                nics.set("eth0", true);
                await().atMost(CAP).until(() -> "eth0".equals(link.interfaceInUse()));
                assertThat(server.clients().get(server.clients().size() - 1).getHostAddress()).isEqualTo("127.0.0.2");
                assertThat(online).containsExactly("eth0", "wlan0", "eth0");
            }
        }
    }

    @Test
    void gatewayAway_linesWait_andGoOutAfterItReturns() throws Exception {
        EchoServer first = new EchoServer();
        int port = first.port();
        GatewayLink link = link(port, new InterfacePicker(new FakeInterfaces(), List.of()));
        link.start();
        try (link) {
            await().atMost(Duration.ofSeconds(10)).until(() -> online.size() == 1);
            first.close();
            link.send("while away");
            await().atMost(Duration.ofSeconds(10)).until(() -> "none".equals(link.interfaceInUse()));
            try (EchoServer again = EchoServer.onPort(port)) {
                await().atMost(CAP.plusSeconds(5)).until(() -> echoed.contains("while away"));
                assertThat(again.clients()).isNotEmpty();
            }
        }
    }
}
