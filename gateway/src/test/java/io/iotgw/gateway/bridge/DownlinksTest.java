package io.iotgw.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.bridge.Downlinks.Drop;
import io.iotgw.gateway.device.DeviceRegistry;
import io.iotgw.gateway.device.TestSessions;
import io.iotgw.gateway.log.LogCapture;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Downlinks to device connections on embedded channels (no sockets, no broker). */
class DownlinksTest {

    private static final int MAX = 160;
    private static final int BACKLOG = 1024;

    private final Topics topics = new Topics("iotgw", "gw");
    private final DeviceRegistry registry = new DeviceRegistry();
    private final AtomicBoolean gateOpen = new AtomicBoolean(true);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final Downlinks downlinks = new Downlinks(topics, registry, MAX, BACKLOG, (id, ch) -> gateOpen.get(), now::get);
    private final LogCapture log = LogCapture.of(Downlinks.class);

    @AfterEach
    void detach() {
        log.close();
    }

    private EmbeddedChannel device(String id, io.netty.channel.ChannelHandler... handlers) {
        EmbeddedChannel ch = TestSessions.withSession(handlers);
        registry.claim(id, ch);
        return ch;
    }

    private void send(String id, String payload) {
        send(id, payload.getBytes(StandardCharsets.UTF_8));
    }

    private void send(String id, byte[] payload) {
        downlinks.arrived("iotgw/gw/" + id + "/down", payload);
    }

    private static String received(EmbeddedChannel ch) {
        ch.runPendingTasks(); // a downlink is written on the connection's event loop
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; b.release()) {
            out.append(b.toString(StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void arrived_oneMessage_isOneLine_andCountedWrittenOnceWritten() {
        EmbeddedChannel ch = device("pump-1");
        send("pump-1", "led on");
        send("pump-1", "interval 5000\n");
        send("pump-1", "ack\r\n");
        assertThat(received(ch)).isEqualTo("led on\ninterval 5000\nack\r\n");
        assertThat(downlinks.written()).isEqualTo(3);
        assertThat(downlinks.dropped()).isZero();
    }

    @Test
    void arrived_lineFeedInside_isRefusedWhole_neverSplit() {
        EmbeddedChannel ch = device("pump-1");
        send("pump-1", "led on\nHELLO evil\n");
        send("pump-1", "a\n\n");
        assertThat(received(ch)).isEmpty();
        assertThat(downlinks.dropped(Drop.LINE_FEED)).isEqualTo(2);
        assertThat(log.messages()).singleElement().asString().isEqualTo("downlink for device pump-1 dropped: it has a "
                + "line feed inside (one message is one line) (18 bytes; 1 dropped so far for this reason)");
    }

    @Test
    void arrived_overTheCap_isRefused_atTheCapIsWritten() {
        EmbeddedChannel ch = device("pump-1");
        send("pump-1", "x".repeat(MAX + 1));
        send("pump-1", "y".repeat(MAX) + "\n");
        assertThat(received(ch)).isEqualTo("y".repeat(MAX) + "\n");
        assertThat(downlinks.dropped(Drop.TOO_LONG)).isEqualTo(1);
    }

    @Test
    void arrived_tenMegabytes_isRefusedWithoutBeingWritten() {
        EmbeddedChannel ch = device("pump-1");
        send("pump-1", new byte[10 << 20]);
        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(downlinks.dropped(Drop.TOO_LONG)).isEqualTo(1);
    }

    @Test
    void arrived_tenThousandForAnAbsentDevice_areCounted_andLoggedOnce() {
        for (int i = 0; i < 10_000; i++) {
            send("nobody", "x" + i);
        }
        assertThat(downlinks.dropped(Drop.NOT_CONNECTED)).isEqualTo(10_000);
        assertThat(log.messages()).containsExactly(
                "downlink for device nobody dropped: it is not connected (2 bytes; 1 dropped so far for this reason)");
        now.addAndGet(Downlinks.LOG_INTERVAL.toNanos());
        send("nobody", "again");
        assertThat(log.messages()).hasSize(2).last().asString().endsWith("(9999 more like this held back since the last one)");
    }

    @Test
    void arrived_forAConnectionThatHasNotProvenItsId_isRefused() {
        EmbeddedChannel ch = device("pump-1");
        gateOpen.set(false);
        send("pump-1", "led on");
        assertThat(received(ch)).isEmpty();
        assertThat(downlinks.dropped(Drop.UNPROVEN)).isEqualTo(1);
    }

    @Test
    void arrived_topicWithControlCharacters_isRefused_andLoggedEscaped() {
        send("pu\u001b[2Jmp", "led on");
        assertThat(downlinks.dropped(Drop.BAD_TOPIC)).isEqualTo(1);
        assertThat(log.messages()).singleElement().asString().startsWith("downlink for device pu\\x1b[2Jmp dropped");
    }

    @Test
    void arrived_aDeviceThatDoesNotRead_holdsAtMostTheBacklog_theRestDroppedAndCounted() {
        List<ChannelPromise> stuck = new ArrayList<>();
        EmbeddedChannel ch = device("pump-1", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg); // the device's socket never drains: the write never completes
                stuck.add(promise);
            }
        });
        String line = "x".repeat(99); // 100 bytes a line with its LF
        for (int i = 0; i < 50; i++) {
            send("pump-1", line);
        }
        ch.runPendingTasks();
        assertThat(stuck).hasSize(BACKLOG / 100);
        assertThat(downlinks.dropped(Drop.BACKLOG_FULL)).isEqualTo(50 - BACKLOG / 100);
        assertThat(downlinks.written()).as("nothing completed yet").isZero();
        stuck.forEach(ChannelPromise::setSuccess);
        assertThat(downlinks.written()).isEqualTo(BACKLOG / 100);
        send("pump-1", line);
        ch.runPendingTasks();
        assertThat(stuck).hasSize(BACKLOG / 100 + 1);
        ch.close();
    }

    @Test
    void arrived_writeThatFails_isCountedAsDropped_notWritten() {
        EmbeddedChannel ch = device("pump-1", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("connection reset"));
            }
        });
        send("pump-1", "led on");
        ch.runPendingTasks();
        assertThat(downlinks.written()).isZero();
        assertThat(downlinks.dropped(Drop.WRITE_FAILED)).isEqualTo(1);
    }

    @Test
    void arrived_topicsNotOurs_areIgnored() {
        downlinks.arrived("iotgw/other-gw/pump-1/down", new byte[] {'x'});
        downlinks.arrived("iotgw/gw/a/b/down", new byte[] {'x'});
        assertThat(downlinks.dropped()).isZero();
    }
}
