package io.iotgw.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a consumer of messages (the bridge) sees, and that the echo waits for it. */
class DeviceListenerPipelineTest {

    private final List<String> events = new ArrayList<>();
    private boolean failAppends;
    private final DeviceListener listener = new DeviceListener() {
        @Override
        public void onLines(DeviceSession device, List<byte[]> lines, long receivedMillis) throws IOException {
            if (failAppends) {
                throw new IOException("No space left on device");
            }
            for (byte[] line : lines) {
                events.add("line " + device.deviceId() + " " + new String(line, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void onNamed(DeviceSession device) {
            events.add("named " + device.deviceId() + (device.helloNamed() ? " by hello" : " by address"));
        }

        @Override
        public void onGone(DeviceSession device, boolean replaced) {
            events.add("gone " + device.deviceId() + (replaced ? " replaced" : ""));
        }
    };
    private final GatewayStats stats = new GatewayStats();
    private final DeviceRegistry registry = new DeviceRegistry();

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new DeviceSessionHandler(registry, stats, 1024, listener, false), new EchoHandler()) {
            @Override
            protected java.net.SocketAddress remoteAddress0() {
                return new java.net.InetSocketAddress("10.0.0.9", 4000);
            }
        };
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    @Test
    void lines_areHandedOverBeforeTheirEcho_helloIsNot() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("HELLO dev-9\ntemp=1\r\ntemp="));
        assertThat(events).containsExactly("named dev-9 by hello", "line dev-9 temp=1");
        ByteBuf echo = ch.readOutbound();
        assertThat(echo.toString(StandardCharsets.UTF_8)).isEqualTo("HELLO dev-9\ntemp=1\r\ntemp=");
        echo.release();
        ch.writeInbound(bytes("2\n"));
        ch.close();
        assertThat(events).containsExactly("named dev-9 by hello", "line dev-9 temp=1", "line dev-9 temp=2", "gone dev-9");
    }

    @Test
    void addressNamedDevice_isNamedByItsFirstLine_andItsLastBytesAreALine() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("Hello, world"));
        assertThat(events).isEmpty();
        ch.close();
        assertThat(events).containsExactly("named 10.0.0.9-4000 by address", "line 10.0.0.9-4000 Hello, world",
                "gone 10.0.0.9-4000");
    }

    @Test
    void linesThatCannotBeKept_getNoEcho_andTheConnectionCloses() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(bytes("HELLO dev-9\n"));
        ch.releaseOutbound();
        failAppends = true;
        ch.writeInbound(bytes("precious\n"));
        assertThat((Object) ch.readOutbound()).as("no echo: the device must not think the line is safe").isNull();
        assertThat(ch.isOpen()).isFalse();
        assertThat(stats.unsaved()).isEqualTo(1);
    }

    @Test
    void silentConnection_isNeverNamedNorGone() {
        EmbeddedChannel ch = channel();
        ch.close();
        assertThat(events).isEmpty();
    }
}
