package io.iotgw.gateway.bench.fleet;

import io.iotgw.gateway.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The devices' network on Netty: each device lives on one event loop, and its connections and
 * timers are that loop's. Gateways are resolved once, before any device starts, so no event loop
 * ever waits on DNS.
 */
final class NettyNetwork implements DeviceNetwork {

    /** Longest line a device takes from a gateway; longer ones are discarded whole and counted. */
    static final int MAX_LINE_BYTES = 1024;

    private final List<InetSocketAddress> gateways;
    private final Transport transport;
    private final Duration connectTimeout;
    private final EventLoop[] loops;

    /** @param loops the event loops; device i lives on loop i modulo their number */
    NettyNetwork(List<InetSocketAddress> gateways, Transport transport, Duration connectTimeout, EventLoop[] loops) {
        this.gateways = List.copyOf(gateways);
        this.transport = transport.resolve();
        this.connectTimeout = connectTimeout;
        this.loops = loops.clone();
    }

    EventLoop loopOf(VirtualDevice device) {
        return loops[device.index() % loops.length];
    }

    /** The outcome comes back later, on the device's loop, even when the connect fails at once. */
    @Override
    public Link connect(VirtualDevice device, int gateway) {
        EventLoop loop = loopOf(device);
        ChannelLink link = new ChannelLink();
        ChannelFuture connecting = new Bootstrap().group(loop).channel(transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE_BYTES, true, false),
                                new LinkHandler(device, link));
                    }
                })
                .connect(gateways.get(gateway));
        link.channel = connecting.channel();
        connecting.addListener(f -> loop.execute(() -> {
            if (f.isSuccess()) {
                device.connected(link);
            } else {
                device.connectFailed(link);
            }
        }));
        return link;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void schedule(VirtualDevice device, Runnable task, long delayNanos) {
        loopOf(device).schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** A channel, as a device sees its connection. */
    private static final class ChannelLink implements Link {
        Channel channel;

        @Override
        public void write(String line) {
            channel.writeAndFlush(ByteBufUtil.writeAscii(channel.alloc(), line + "\n"), channel.voidPromise());
        }

        @Override
        public void close() {
            channel.close();
        }
    }

    /** Hands a connection's lines and its end to the device; stateful (its link), so one per channel. */
    private static final class LinkHandler extends ChannelInboundHandlerAdapter {
        private final VirtualDevice device;
        private final Link link;

        LinkHandler(VirtualDevice device, Link link) {
            this.device = device;
            this.link = link;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf line = (ByteBuf) msg;
            try {
                device.line(link, line.toString(StandardCharsets.UTF_8));
            } finally {
                line.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            device.closed(link);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                device.overlong(link);
            } else {
                ctx.close();
            }
        }
    }
}
