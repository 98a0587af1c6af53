package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.GatewayConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.DefaultChannelId;
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
        return EmbeddedPipeline.connect(flags, registry, stats);
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
    void aDownlink_neverSplitsAnEchoedLine_itWaitsForTheLineToEnd() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("HELLO dev-5\ntemp=2"));
        assertThat(readAll(ch)).isEqualTo("HELLO dev-5\ntemp=2");
        io.netty.channel.ChannelPromise written = ch.newPromise();
        DeviceSession.of(ch).sendLine(bytes("led on\n"), written);
        ch.runPendingTasks();
        assertThat(readAll(ch)).as("not in the middle of the device's line").isEmpty();
        assertThat(DeviceSession.of(ch).downlinkBytesWaiting()).isEqualTo(7);
        ch.writeInbound(bytes("1.5\nhum=40"));
        assertThat(readAll(ch)).isEqualTo("1.5\nhum=40");
        ch.writeInbound(bytes("\n"));
        assertThat(readAll(ch)).isEqualTo("\nled on\n");
        assertThat(written.isSuccess()).isTrue();
        DeviceSession.of(ch).sendLine(bytes("led off\n"), ch.newPromise());
        ch.runPendingTasks();
        assertThat(readAll(ch)).as("between lines: at once").isEqualTo("led off\n");
    }

    @Test
    void aDownlinkWaitingWhenTheConnectionCloses_isNotWritten_andSaysSo() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("partial"));
        io.netty.channel.ChannelPromise written = ch.newPromise();
        DeviceSession.of(ch).sendLine(bytes("led on\n"), written);
        ch.runPendingTasks();
        ch.close();
        assertThat(written.isDone() && !written.isSuccess()).isTrue();
    }

    @Test
    void idleTimeoutZero_neverCloses() throws Exception {
        EmbeddedChannel ch = connect(Map.of("idle-timeout", "0"));
        ch.freezeTime();
        ch.advanceTimeBy(365, TimeUnit.DAYS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void idleTimeout_withTheBridge_countsCompleteLines_notBytesDrippingIn() throws Exception {
        GatewayConfig config = ConfigLoader.load(Map.of("idle-timeout", "2s"), Map.of(), null);
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayInitializer(config,
                new ConnectionLimiter(10, stats, System::nanoTime), registry, stats,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), takesEverything()));
        ch.freezeTime();
        for (int i = 0; i < 3 && ch.isOpen(); i++) { // a byte a second, never a whole line
            ch.writeInbound(bytes("x"));
            ch.advanceTimeBy(1000, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
        }
        assertThat(ch.isOpen()).as("closed 2 s after it connected, bytes or not").isFalse();
        assertThat(stats.idleClosed()).isEqualTo(1);
    }

    @Test
    void idleTimeout_withTheBridge_aCompleteLineKeepsTheConnection() throws Exception {
        GatewayConfig config = ConfigLoader.load(Map.of("idle-timeout", "2s"), Map.of(), null);
        EmbeddedChannel ch = new EmbeddedChannel(new GatewayInitializer(config,
                new ConnectionLimiter(10, stats, System::nanoTime), registry, stats,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), takesEverything()));
        ch.freezeTime();
        for (int i = 0; i < 5; i++) {
            ch.advanceTimeBy(1500, TimeUnit.MILLISECONDS);
            ch.runScheduledPendingTasks();
            ch.writeInbound(bytes("reading " + i + "\n"));
        }
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void unfinishedLines_pastTheirBoundTogether_closeTheConnectionsHoldingTheMost() throws Exception {
        GatewayConfig config = ConfigLoader.load(Map.of("max-line", "4KiB", "max-unfinished", "8KiB"), Map.of(), null);
        DefaultChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        GatewayInitializer init = new GatewayInitializer(config, new ConnectionLimiter(10, stats, System::nanoTime),
                registry, stats, clients, takesEverything());
        // channels of their own ids: a channel group tells channels apart by id
        EmbeddedChannel small = new EmbeddedChannel(DefaultChannelId.newInstance(), init);
        small.writeInbound(bytes("x".repeat(100)));
        EmbeddedChannel[] big = new EmbeddedChannel[3];
        for (int i = 0; i < big.length; i++) {
            big[i] = new EmbeddedChannel(DefaultChannelId.newInstance(), init);
            big[i].writeInbound(bytes("y".repeat(3000 + i)));
        }
        assertThat(big[2].isOpen()).as("the largest holder").isFalse();
        assertThat(small.isOpen()).isTrue();
        assertThat(big[0].isOpen()).isTrue();
        assertThat(stats.unfinishedClosed()).isEqualTo(1);
    }

    private static DeviceListener takesEverything() {
        return new DeviceListener() {
            @Override
            public void onLines(DeviceSession device, java.util.List<byte[]> lines, long receivedMillis, Handover done) {
                done.taken();
            }

            @Override
            public void onNamed(DeviceSession device) {
            }

            @Override
            public void onGone(DeviceSession device, boolean replaced) {
            }
        };
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
        DeviceSessionHandler.Shared shared = new DeviceSessionHandler.Shared(registry, stats, null,
                new UnfinishedLines(1 << 20, new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), stats),
                io.iotgw.gateway.log.RateLimitedLog.perMinute(DeviceSessionHandler.log, org.slf4j.event.Level.ERROR), null);
        EmbeddedChannel ch = new EmbeddedChannel(new DeviceSessionHandler(shared, 128, true, 0), new EchoHandler(stats));
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
