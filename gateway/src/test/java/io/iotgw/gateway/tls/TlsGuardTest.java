package io.iotgw.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.config.TlsConfig;
import io.iotgw.gateway.e2e.Pki;
import io.iotgw.gateway.log.LogCapture;
import io.iotgw.gateway.watch.FileWatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS port's front of the pipeline on embedded channels: real handshakes, no sockets. */
class TlsGuardTest {

    @TempDir
    static Path dir;
    private static Pki pki;
    private static Pki.Issued server;
    private static FileWatcher watcher;

    @BeforeAll
    static void certificates() throws Exception {
        pki = Pki.create(dir, "guard");
        server = pki.server("gateway");
        watcher = new FileWatcher(Duration.ofHours(1));
    }

    @AfterAll
    static void stopWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    /** What the handlers after the TLS front hear. */
    private static final class Downstream extends ChannelInboundHandlerAdapter {
        final List<String> events = new ArrayList<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            events.add("active " + TlsPeer.of(ctx.channel()).map(TlsPeer::protocol).orElse("without TLS peer"));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            events.add("read " + b.toString(StandardCharsets.UTF_8));
            b.release();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            events.add("inactive");
        }
    }

    private static DeviceTls tls(boolean clientCa) throws Exception {
        // the handshake steps on the calling thread: the embedded channel then completes a handshake in one pump
        return DeviceTls.start(new TlsConfig(0, server.certificate(), server.key(),
                clientCa ? Optional.of(pki.caCertificate()) : Optional.empty(), Duration.ofSeconds(5)), watcher,
                ImmediateEventExecutor.INSTANCE);
    }

    private static EmbeddedChannel serverChannel(DeviceTls tls, Downstream downstream) {
        EmbeddedChannel ch = new EmbeddedChannel();
        tls.addTo(ch.pipeline());
        ch.pipeline().addLast(downstream);
        return ch;
    }

    private static EmbeddedChannel client(Pki.Issued clientCert) throws Exception {
        SslContextBuilder b = SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(pki.caCertificate().toFile());
        if (clientCert != null) {
            b.keyManager(clientCert.certificate().toFile(), clientCert.key().toFile());
        }
        SslContext ctx = b.build();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(ctx.newHandler(ch.alloc(), "localhost", 12346));
        return ch;
    }

    /** Carries bytes both ways until neither side has anything to send. */
    private static void pump(EmbeddedChannel client, EmbeddedChannel server) {
        for (int i = 0; i < 50; i++) {
            boolean moved = move(client, server) | move(server, client);
            client.runPendingTasks();
            server.runPendingTasks();
            if (!moved) {
                return;
            }
        }
    }

    private static boolean move(EmbeddedChannel from, EmbeddedChannel to) {
        boolean moved = false;
        for (Object msg; (msg = from.readOutbound()) != null; ) {
            moved = true;
            if (to.isOpen()) {
                try {
                    to.writeInbound(msg);
                } catch (io.netty.handler.codec.DecoderException e) {
                    to.close(); // the client's side of a refused handshake: it has no guard to take the error
                }
            } else {
                ((ByteBuf) msg).release();
            }
        }
        return moved;
    }

    @Test
    void handshake_thenTheConnectionBecomesActive_withItsTlsPeer_andDataIsDecrypted() throws Exception {
        DeviceTls tls = tls(false);
        Downstream downstream = new Downstream();
        EmbeddedChannel server = serverChannel(tls, downstream);
        EmbeddedChannel client = client(null);
        assertThat(downstream.events).as("nothing before the handshake").isEmpty();
        pump(client, server);
        client.writeAndFlush(Unpooled.copiedBuffer("HELLO esp32-01\n", StandardCharsets.UTF_8));
        pump(client, server);
        assertThat(downstream.events).containsExactly("active TLSv1.3", "read HELLO esp32-01\n");
        assertThat(TlsPeer.certificateIdOf(server)).isNull();
        assertThat(TlsPeer.isTls(server)).isTrue();
        assertThat(tls.stats().handshakes()).isEqualTo(1);
        assertThat(server.pipeline().get("tls-guard")).as("out of the way once done").isNull();
    }

    @Test
    void plainBytes_closeTheConnectionAtOnce_unseenDownstream_andAreCounted() throws Exception {
        DeviceTls tls = tls(false);
        Downstream downstream = new Downstream();
        EmbeddedChannel server = serverChannel(tls, downstream);
        try (LogCapture log = LogCapture.of(TlsGuard.class)) {
            server.writeInbound(Unpooled.copiedBuffer("Hello, world", StandardCharsets.UTF_8));
            server.runPendingTasks();
            assertThat(server.isOpen()).isFalse();
            assertThat(downstream.events).as("never active, so never told it ended").isEmpty();
            assertThat(tls.stats().notTls()).isEqualTo(1);
            assertThat(log.messages()).singleElement().asString().contains("sent bytes that are not TLS");
        }
    }

    @Test
    void silence_isClosedAtTheHandshakeTimeout() throws Exception {
        DeviceTls tls = tls(false);
        EmbeddedChannel server = new EmbeddedChannel();
        server.freezeTime();
        tls.addTo(server.pipeline());
        server.advanceTimeBy(4, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        assertThat(server.isOpen()).isTrue();
        server.advanceTimeBy(2, TimeUnit.SECONDS);
        server.runScheduledPendingTasks();
        server.runPendingTasks();
        assertThat(server.isOpen()).isFalse();
        assertThat(tls.stats().timedOut()).isEqualTo(1);
    }

    @Test
    void clientCertificate_namesTheDevice() throws Exception {
        DeviceTls tls = tls(true);
        Downstream downstream = new Downstream();
        EmbeddedChannel server = serverChannel(tls, downstream);
        pump(client(pki.client("esp32-07")), server);
        assertThat(downstream.events).containsExactly("active TLSv1.3");
        assertThat(TlsPeer.certificateIdOf(server)).isEqualTo("esp32-07");
    }

    @Test
    void clientCertificate_whoseNameIsNoDeviceId_isClosed() throws Exception {
        DeviceTls tls = tls(true);
        Downstream downstream = new Downstream();
        EmbeddedChannel server = serverChannel(tls, downstream);
        try (LogCapture log = LogCapture.of(TlsGuard.class)) {
            pump(client(pki.client("not a device")), server);
            assertThat(server.isOpen()).isFalse();
            assertThat(downstream.events).doesNotContain("active TLSv1.3");
            assertThat(tls.stats().noDeviceId()).isEqualTo(1);
            assertThat(log.messages()).singleElement().asString().contains("CN not a device is no device id");
        }
    }

    @Test
    void noClientCertificate_whenOneIsRequired_failsTheHandshake() throws Exception {
        DeviceTls tls = tls(true);
        Downstream downstream = new Downstream();
        EmbeddedChannel server = serverChannel(tls, downstream);
        pump(client(null), server);
        assertThat(server.isOpen()).isFalse();
        assertThat(downstream.events).doesNotContain("active TLSv1.3");
        assertThat(tls.stats().failed()).isEqualTo(1);
    }
}
