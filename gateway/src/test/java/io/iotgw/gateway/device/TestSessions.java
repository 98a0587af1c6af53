package io.iotgw.gateway.device;

import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** Device sessions for tests outside this package (the bridge's), on embedded channels. */
public final class TestSessions {

    private TestSessions() {
    }

    /** A session named by HELLO {@code id}, from a made-up address. */
    public static DeviceSession named(String id) {
        DeviceSession s = byAddress(4000);
        s.rename(id, false);
        return s;
    }

    /** A session named after its address, 10.0.0.9:{@code port}. */
    public static DeviceSession byAddress(int port) {
        EmbeddedChannel ch = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("10.0.0.9", port);
            }
        };
        return new DeviceSession(ch, System.nanoTime());
    }

    /** An embedded channel with a session of its own, as the gateway's pipeline gives every connection. */
    public static EmbeddedChannel withSession(io.netty.channel.ChannelHandler... handlers) {
        EmbeddedChannel ch = new EmbeddedChannel(handlers);
        ch.attr(DeviceSession.KEY).set(new DeviceSession(ch, System.nanoTime()));
        return ch;
    }
}
