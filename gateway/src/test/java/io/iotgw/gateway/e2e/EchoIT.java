package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.device.GatewayServer;
import io.iotgw.gateway.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The echo over real sockets, against a gateway running in this JVM, on each transport. */
class EchoIT {

    private GatewayServer server;

    private int start(String... flags) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
        for (int i = 0; i < flags.length; i += 2) {
            settings.put(flags[i], flags[i + 1]);
        }
        server = new GatewayServer(ConfigLoader.load(settings, Map.of(), null));
        return server.start().getPort();
    }

    /** Blocking socket work on another thread. */
    private interface SocketWork<T> {
        T run() throws IOException;
    }

    private static <T> CompletableFuture<T> async(SocketWork<T> work) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"EPOLL", "NIO"})
    void echo_eightMegabytesOfRandomBytes_comeBackExactly(Transport transport) throws Exception {
        int port = start("transport", transport.name());
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(42).nextBytes(data);
        try (EchoClient client = new EchoClient(port)) {
            CompletableFuture<Void> sent = async(() -> {
                OutputStream out = client.socket().getOutputStream();
                for (int off = 0; off < data.length; off += 100_000) {
                    out.write(data, off, Math.min(100_000, data.length - off));
                }
                return null;
            });
            assertThat(client.read(data.length)).isEqualTo(data);
            sent.get();
        }
    }

    @Test
    void echo_twoThousandConcurrentConnections_allEcho() throws Exception {
        int port = start();
        List<EchoClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 2000; i++) {
                clients.add(new EchoClient(port));
            }
            for (int i = 0; i < clients.size(); i++) {
                clients.get(i).send("reading from device " + i + "\n");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections() == 2000);
            for (int i = 0; i < clients.size(); i++) {
                String expected = "reading from device " + i + "\n";
                assertThat(clients.get(i).readText(expected.length())).isEqualTo(expected);
            }
        } finally {
            for (EchoClient c : clients) {
                c.close();
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.openConnections() == 0);
        assertThat(server.stats().accepted()).isEqualTo(2000);
    }

    @Test
    void echo_clientThatShutsDownItsSendingSide_getsTheWholeEchoThenEnd() throws Exception {
        int port = start();
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(data);
        try (EchoClient client = new EchoClient(port)) {
            CompletableFuture<byte[]> echo = async(() -> client.in().readAllBytes());
            client.send(data);
            client.socket().shutdownOutput();
            assertThat(echo.get()).isEqualTo(data);
        }
    }

    @Test
    void hello_duplicateDeviceId_closesTheOlderConnection() throws Exception {
        int port = start();
        try (EchoClient first = new EchoClient(port); EchoClient second = new EchoClient(port)) {
            assertThat(first.roundTrip("HELLO bar-dev-1\n")).isEqualTo("HELLO bar-dev-1\n");
            assertThat(second.roundTrip("HELLO bar-dev-1\n")).isEqualTo("HELLO bar-dev-1\n");
            assertThat(first.closedByGateway()).isTrue();
            assertThat(second.roundTrip("still here\n")).isEqualTo("still here\n");
            assertThat(server.stats().replaced()).isEqualTo(1);
        }
    }

    @Test
    void maxConnections_extraClientIsClosed_andAFreedPlaceIsReused() throws Exception {
        int port = start("max-connections", "2");
        try (EchoClient a = new EchoClient(port); EchoClient b = new EchoClient(port)) {
            assertThat(a.roundTrip("a\n")).isEqualTo("a\n");
            assertThat(b.roundTrip("b\n")).isEqualTo("b\n");
            try (EchoClient c = new EchoClient(port)) {
                assertThat(c.closedByGateway()).isTrue();
            }
            assertThat(server.stats().refused()).isEqualTo(1);
            a.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 1);
            try (EchoClient d = new EchoClient(port)) {
                assertThat(d.roundTrip("d\n")).isEqualTo("d\n");
            }
        }
    }

    @Test
    void idleTimeout_quietClientIsClosed_talkativeOneIsNot() throws Exception {
        int port = start("idle-timeout", "700ms");
        try (EchoClient quiet = new EchoClient(port); EchoClient talkative = new EchoClient(port)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            CompletableFuture<Boolean> quietClosed = async(quiet::closedByGateway);
            while (System.nanoTime() < deadline) {
                assertThat(talkative.roundTrip("ping\n")).isEqualTo("ping\n");
                await().pollDelay(Duration.ofMillis(200)).until(() -> true);
            }
            assertThat(quietClosed.get()).isTrue();
            assertThat(talkative.roundTrip("still open\n")).isEqualTo("still open\n");
            assertThat(server.stats().idleClosed()).isEqualTo(1);
        }
    }

    @Test
    void reply_tutorialClient_getsTheTextAndTheEnd() throws Exception {
        int port = start("reply", "Goodbye, client!");
        try (EchoClient client = new EchoClient(port)) {
            client.send("Hello, server!!!!");
            assertThat(client.readText(16)).isEqualTo("Goodbye, client!");
            assertThat(client.closedByGateway()).isTrue();
        }
    }
}
