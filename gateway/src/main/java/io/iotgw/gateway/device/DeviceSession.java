package io.iotgw.gateway.device;

import io.iotgw.gateway.tls.TlsPeer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * What the gateway knows about one connected device. Counters are touched on the connection's
 * event loop only, and read there too (their getters say so); the id is read from other threads
 * too, hence volatile.
 *
 * <p>It also writes the device's downlinks: a line for the device goes out between lines of its
 * echo, never inside one (a read may end in the middle of a line, and the rest of that line's echo
 * comes with the next read), so a downlink never splits an echoed line.
 */
public final class DeviceSession {

    static final AttributeKey<DeviceSession> KEY = AttributeKey.valueOf("iotgw.session");

    private final Channel channel;
    private final String remote;
    private final long connectedNanos;
    private final long connectedMillis = System.currentTimeMillis();
    final ReadGate gate;
    private volatile String deviceId;
    private volatile boolean helloNamed;
    private volatile boolean proven;
    /** Bytes of an unfinished line held for it; read by other connections' loops when memory runs short. */
    volatile int unfinishedBytes;
    boolean named;
    /** The echo so far ends inside a line. */
    boolean echoMidLine;
    private final ArrayDeque<Object[]> downlinks = new ArrayDeque<>();
    private volatile int downlinkBytesWaiting;
    long bytesIn;
    long bytesOut;
    long lines;
    long overlongLines;
    long downlinkLines;
    /** When the last complete line arrived; 0 before the first. */
    long lastLineNanos;

    DeviceSession(Channel channel, long connectedNanos) {
        this.channel = channel;
        this.connectedNanos = connectedNanos;
        this.gate = new ReadGate(channel);
        if (channel.remoteAddress() instanceof InetSocketAddress address) {
            String ip = address.getAddress().getHostAddress();
            this.remote = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + address.getPort();
            this.deviceId = ip + "-" + address.getPort();
        } else { // not an IP connection (e.g. in tests): its own name serves as both
            this.remote = String.valueOf(channel.remoteAddress());
            this.deviceId = remote.replaceAll("[^A-Za-z0-9_.-]", "_");
        }
    }

    /** The session of a device's connection, or null before it is active. */
    public static DeviceSession of(Channel channel) {
        return channel.attr(KEY).get();
    }

    /** The name the device gave in HELLO, or {@code <ip>-<port>} until it does. */
    public String deviceId() {
        return deviceId;
    }

    void rename(String id, boolean proven) {
        this.deviceId = id;
        this.helloNamed = true;
        this.proven = proven;
    }

    /** True when the device proved its id, by a token or a client certificate. */
    public boolean proven() {
        return proven;
    }

    /** True on the TLS port. */
    public boolean tls() {
        return TlsPeer.isTls(channel);
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

    /**
     * Writes one line to the device as soon as its echo is between lines. Any thread; the promise
     * tells when it was written, or that it could not be (the connection closed).
     */
    public void sendLine(ByteBuf line, ChannelPromise written) {
        channel.eventLoop().execute(() -> {
            if (!channel.isActive()) {
                line.release();
                written.tryFailure(new ClosedChannelException());
            } else if (echoMidLine || !downlinks.isEmpty()) {
                downlinks.add(new Object[] {line, written});
                downlinkBytesWaiting += line.readableBytes();
            } else {
                channel.writeAndFlush(line, written); // counted by the downlink meter at the pipeline's end
            }
        });
    }

    /** Wall-clock time of the connection, in epoch milliseconds. */
    public long connectedMillis() {
        return connectedMillis;
    }

    /** Bytes received. On the connection's event loop only. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Bytes written: echo, reply and downlinks. On the connection's event loop only. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Lines received (where framed), HELLO and over-long ones included. On the connection's event loop only. */
    public long linesIn() {
        return lines;
    }

    /** Downlink lines written to the device. On the connection's event loop only. */
    public long linesOut() {
        return downlinkLines;
    }

    /** Epoch milliseconds of the last complete line, or 0 before the first. On the connection's event loop only. */
    public long lastLineMillis() {
        return lastLineNanos == 0 ? 0 : connectedMillis + TimeUnit.NANOSECONDS.toMillis(lastLineNanos - connectedNanos);
    }

    /** Bytes of downlinks waiting for the echo to reach the end of a line. */
    public int downlinkBytesWaiting() {
        return downlinkBytesWaiting;
    }

    /** The echo now ends between lines: downlinks that waited go out. Event loop. */
    void betweenLines() {
        for (Object[] d; (d = downlinks.poll()) != null; ) {
            ByteBuf line = (ByteBuf) d[0];
            downlinkBytesWaiting -= line.readableBytes();
            channel.write(line, (ChannelPromise) d[1]);
        }
    }

    /** The connection closed: downlinks that waited are not written. Event loop. */
    void dropDownlinks() {
        for (Object[] d; (d = downlinks.poll()) != null; ) {
            ((ByteBuf) d[0]).release();
            ((ChannelPromise) d[1]).tryFailure(new ClosedChannelException());
        }
        downlinkBytesWaiting = 0;
    }
}
