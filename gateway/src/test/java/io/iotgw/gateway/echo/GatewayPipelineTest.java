package io.iotgw.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.GatewayConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection pipeline as {@link GatewayInitializer} builds it, on embedded channels (no sockets). */
class GatewayPipelineTest {

    private final DeviceRegistry registry = new DeviceRegistry();
    private final GatewayStats stats = new GatewayStats();

    private EmbeddedChannel connect(Map<String, String> flags) throws Exception {
        GatewayConfig config = ConfigLoader.load(flags, Map.of(), null);
        ConnectionLimiter limiter = new ConnectionLimiter(config.maxConnections(), stats, System::nanoTime);
        return new EmbeddedChannel(new GatewayInitializer(config, limiter, registry, stats,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), null));
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static String readAll(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            out.append(b.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void echo_bytesComeBackUnchangedAndInOrder() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("Hello, server!"));
        ch.writeInbound(bytes("\u00ff binary \u0000\n"));
        assertThat(readAll(ch)).isEqualTo("Hello, server!\u00ff binary \u0000\n");
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void echo_binaryBytes_areEchoedExactly() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        ch.writeInbound(Unpooled.wrappedBuffer(data));
        ByteBuf echo = ch.readOutbound();
        assertThat(ByteBufToArray.of(echo)).isEqualTo(data);
        echo.release();
    }

    @Test
    void hello_namesTheDeviceAndIsEchoed() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("HELLO esp32-01\r\ntemp=21.5\n"));
        assertThat(readAll(ch)).isEqualTo("HELLO esp32-01\r\ntemp=21.5\n");
        assertThat(DeviceSession.of(ch).deviceId()).isEqualTo("esp32-01");
        assertThat(registry.find("esp32-01")).contains(ch);
    }

    @Test
    void hello_splitAcrossReads_stillNamesTheDevice() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("HEL"));
        ch.writeInbound(bytes("LO dev-"));
        ch.writeInbound(bytes("7\n"));
        assertThat(DeviceSession.of(ch).deviceId()).isEqualTo("dev-7");
    }

    @Test
    void hello_notTheFirstLine_isAnOrdinaryLine() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        String before = DeviceSession.of(ch).deviceId();
        ch.writeInbound(bytes("temp=1\nHELLO late\n"));
        assertThat(DeviceSession.of(ch).deviceId()).isEqualTo(before);
        assertThat(registry.find("late")).isEmpty();
    }

    @Test
    void hello_invalidId_keepsTheAddressName() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        String before = DeviceSession.of(ch).deviceId();
        ch.writeInbound(bytes("HELLO no/slashes\n"));
        assertThat(DeviceSession.of(ch).deviceId()).isEqualTo(before);
        assertThat(readAll(ch)).isEqualTo("HELLO no/slashes\n");
    }

    @Test
    void hello_idAlreadyConnected_closesTheOlderConnection() throws Exception {
        EmbeddedChannel first = connect(Map.of());
        first.writeInbound(bytes("HELLO dev-1\n"));
        EmbeddedChannel second = connect(Map.of());
        second.writeInbound(bytes("HELLO dev-1\n"));
        first.runPendingTasks();
        assertThat(first.isOpen()).isFalse();
        assertThat(second.isOpen()).isTrue();
        assertThat(registry.find("dev-1")).contains(second);
        assertThat(stats.replaced()).isEqualTo(1);
        first.finishAndReleaseAll();
        assertThat(registry.find("dev-1")).as("the replaced connection must not free the id").contains(second);
    }

    @Test
    void close_freesTheDeviceId() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("HELLO gone\n"));
        ch.close();
        assertThat(registry.find("gone")).isEmpty();
    }

    @Test
    void inputShutdown_deliversThePendingEchoThenCloses() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("last words"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(readAll(ch)).isEqualTo("last words");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void notWritable_stopsReadingUntilTheEchoDrains() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isFalse();
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        ch.runPendingTasks();
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void idleTimeout_closesAQuietConnection() throws Exception {
        EmbeddedChannel ch = connect(Map.of("idle-timeout", "2s"));
        ch.freezeTime();
        ch.advanceTimeBy(1500, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        ch.writeInbound(bytes("still here\n"));
        ch.advanceTimeBy(1500, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).as("data 1.5 s ago keeps it open").isTrue();
        ch.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.idleClosed()).isEqualTo(1);
    }

    @Test
    void idleTimeoutZero_neverCloses() throws Exception {
        EmbeddedChannel ch = connect(Map.of("idle-timeout", "0"));
        assertThat(ch.pipeline().get("idle")).isNull();
    }

    @Test
    void maxConnections_closesTheOneTooMany() throws Exception {
        GatewayConfig config = ConfigLoader.load(Map.of("max-connections", "2"), Map.of(), null);
        ConnectionLimiter limiter = new ConnectionLimiter(2, stats, System::nanoTime);
        DefaultChannelGroup group = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        EmbeddedChannel a = new EmbeddedChannel(new GatewayInitializer(config, limiter, registry, stats, group, null));
        EmbeddedChannel b = new EmbeddedChannel(new GatewayInitializer(config, limiter, registry, stats, group, null));
        EmbeddedChannel c = new EmbeddedChannel(new GatewayInitializer(config, limiter, registry, stats, group, null));
        assertThat(a.isOpen()).isTrue();
        assertThat(b.isOpen()).isTrue();
        assertThat(c.isOpen()).isFalse();
        assertThat(stats.refused()).isEqualTo(1);
        a.close();
        EmbeddedChannel d = new EmbeddedChannel(new GatewayInitializer(config, limiter, registry, stats, group, null));
        assertThat(d.isOpen()).as("a closed connection frees its place").isTrue();
    }

    @Test
    void reply_firstMessageGetsTheTextThenClose() throws Exception {
        EmbeddedChannel ch = connect(Map.of("reply", "Goodbye, client!"));
        ch.writeInbound(bytes("Hello, server!!!!"));
        assertThat(readAll(ch)).isEqualTo("Goodbye, client!");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void reply_helloLineAlone_waitsForTheMessage() throws Exception {
        EmbeddedChannel ch = connect(Map.of("reply", "bye"));
        ch.writeInbound(bytes("HELLO dev-2\n"));
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(bytes("ping\n"));
        assertThat(readAll(ch)).isEqualTo("bye");
        assertThat(DeviceSession.of(ch).deviceId()).isEqualTo("dev-2");
    }

    @Test
    void reply_helloAndMessageInOneRead_answers() throws Exception {
        EmbeddedChannel ch = connect(Map.of("reply", "bye"));
        ch.writeInbound(bytes("HELLO dev-3\nping\n"));
        assertThat(readAll(ch)).isEqualTo("bye");
    }

    @Test
    void reply_clientDoneWithoutMessage_closesWithoutAnswer() throws Exception {
        EmbeddedChannel ch = connect(Map.of("reply", "bye"));
        ch.writeInbound(bytes("HELLO dev-4\n"));
        ch.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(readAll(ch)).isEmpty();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void maxLine_whenFramingEveryLine_dropsAndCountsLongLinesButEchoesThem() {
        EmbeddedChannel ch = new EmbeddedChannel(new DeviceSessionHandler(registry, stats, 128, null, true), new EchoHandler());
        String longLine = "x".repeat(300) + "\n";
        ch.writeInbound(bytes(longLine + "short\n" + longLine));
        assertThat(readAll(ch)).isEqualTo(longLine + "short\n" + longLine);
        assertThat(stats.overlongLines()).isEqualTo(2);
        assertThat(DeviceSession.of(ch).overlongLines).isEqualTo(2);
        assertThat(DeviceSession.of(ch).lines).isEqualTo(3);
    }

    /** Copies a buffer's readable bytes. */
    private static final class ByteBufToArray {
        static byte[] of(ByteBuf buf) {
            byte[] out = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), out);
            return out;
        }
    }
}
