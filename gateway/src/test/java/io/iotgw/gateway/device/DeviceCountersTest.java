package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the metrics read from the device side: counted per read, per connection and in total. */
class DeviceCountersTest {

    private final DeviceRegistry registry = new DeviceRegistry();
    private final GatewayStats stats = new GatewayStats();

    private EmbeddedChannel connect(Map<String, String> flags) throws Exception {
        return EmbeddedPipeline.connect(flags, registry, stats);
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    private static void drain(EmbeddedChannel ch) {
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ((ByteBuf) o).release();
        }
    }

    @Test
    void withHttpSide_everyLineIsCounted_perConnectionAndInTotal() throws Exception {
        EmbeddedChannel ch = connect(Map.of("http-port", "0"));
        DeviceSession session = DeviceSession.of(ch);
        long before = System.currentTimeMillis();
        ch.writeInbound(bytes("HELLO esp32-01\ntemp=21.5\nhum="));
        ch.writeInbound(bytes("40\n"));
        assertThat(session.linesIn()).isEqualTo(3);
        assertThat(stats.lines()).isEqualTo(3);
        // wall clock at connect plus the monotonic clock's time since: within a few milliseconds of the wall clock
        assertThat(session.lastLineMillis()).isBetween(before - 5, System.currentTimeMillis() + 5);
        assertThat(session.bytesIn()).isEqualTo(32);
        assertThat(stats.bytesIn()).as("counted as it arrives, not when the device leaves").isEqualTo(32);
        assertThat(session.bytesOut()).isEqualTo(32);
        assertThat(stats.bytesOut()).isEqualTo(32);
        drain(ch);
    }

    @Test
    void withHttpSide_lastBytesWithoutNewline_countAsALineWhenTheDeviceLeaves() throws Exception {
        EmbeddedChannel ch = connect(Map.of("http-port", "0"));
        ch.writeInbound(bytes("a\nb"));
        assertThat(stats.lines()).isEqualTo(1);
        ch.close();
        assertThat(stats.lines()).isEqualTo(2);
        drain(ch);
    }

    @Test
    void withoutHttpSideOrBridge_linesAreFramedOnlyInTheFirstRead() throws Exception {
        EmbeddedChannel ch = connect(Map.of());
        ch.writeInbound(bytes("HELLO esp32-01\ntemp=21.5\n"));
        ch.writeInbound(bytes("hum=40\n"));
        assertThat(DeviceSession.of(ch).linesIn()).isEqualTo(2);
        assertThat(DeviceSession.of(ch).lastLineMillis()).isPositive();
        assertThat(stats.lines()).isEqualTo(2);
        assertThat(stats.bytesIn()).as("bytes are counted all the same").isEqualTo(32);
        drain(ch);
    }

    @Test
    void beforeAnyLine_lastLineIsNever() throws Exception {
        EmbeddedChannel ch = connect(Map.of("http-port", "0"));
        ch.writeInbound(bytes("no newline yet"));
        assertThat(DeviceSession.of(ch).lastLineMillis()).isZero();
        drain(ch);
    }

    @Test
    void downlink_writtenOnTheChannel_isCountedAsLinesOut_theEchoIsNot() throws Exception {
        EmbeddedChannel ch = connect(Map.of("http-port", "0"));
        ch.writeInbound(bytes("HELLO esp32-01\n"));
        ch.writeAndFlush(bytes("led on\n"));
        ch.writeAndFlush(bytes("led off\n"));
        DeviceSession session = DeviceSession.of(ch);
        assertThat(session.linesOut()).isEqualTo(2);
        assertThat(session.bytesOut()).isEqualTo(15 + 7 + 8);
        assertThat(stats.bytesOut()).isEqualTo(15 + 7 + 8);
        drain(ch);
    }

    @Test
    void fixedReply_countsItsBytesOut() throws Exception {
        EmbeddedChannel ch = connect(Map.of("reply", "Goodbye, client!"));
        DeviceSession session = DeviceSession.of(ch);
        ch.writeInbound(bytes("Hello"));
        assertThat(session.bytesOut()).isEqualTo(16);
        assertThat(stats.bytesOut()).isEqualTo(16);
        drain(ch);
    }
}
