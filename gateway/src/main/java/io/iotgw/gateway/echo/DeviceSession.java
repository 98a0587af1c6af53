package io.iotgw.gateway.echo;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * What the gateway knows about one connected device. Counters are touched on the connection's
 * event loop only; the id is read from other threads too, hence volatile.
 */
public final class DeviceSession {

    static final AttributeKey<DeviceSession> KEY = AttributeKey.valueOf("iotgw.session");

    private final Channel channel;
    private final String remote;
    private final long connectedNanos;
    private volatile String deviceId;
    private volatile boolean helloNamed;
    boolean named;
    long bytesIn;
    long bytesOut;
    long lines;
    long overlongLines;

    DeviceSession(Channel channel, long connectedNanos) {
        this.channel = channel;
        this.connectedNanos = connectedNanos;
        if (channel.remoteAddress() instanceof InetSocketAddress address) {
            String ip = address.getAddress().getHostAddress();
            this.remote = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
            this.deviceId = ip + "-" + address.getPort();
        } else { // not an IP connection (e.g. in tests): its own name serves as both
            this.remote = String.valueOf(channel.remoteAddress());
            this.deviceId = remote.replaceAll("[^A-Za-z0-9_.-]", "_");
        }
    }

    static DeviceSession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** The name the device gave in HELLO, or {@code <ip>-<port>} until it does. */
    public String deviceId() {
        return deviceId;
    }

    void rename(String id) {
        this.deviceId = id;
        this.helloNamed = true;
    }

    /** True when the device named itself with HELLO, false while it goes by its address. */
    public boolean helloNamed() {
        return helloNamed;
    }

    /** The peer as {@code ip:port}. */
    public String remote() {
        return remote;
    }

    public Channel channel() {
        return channel;
    }

    long connectedNanos() {
        return connectedNanos;
    }
}
