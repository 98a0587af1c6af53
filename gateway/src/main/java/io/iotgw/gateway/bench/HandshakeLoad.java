package io.iotgw.gateway.bench;

import io.iotgw.gateway.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fleet reconnecting at once, over and over: each round opens all its connections together;
 * each completes its TLS handshake, sends one line, waits for its echo and closes. The round ends
 * when every connection has, and the figure is handshakes (with their first echo) per second.
 */
final class HandshakeLoad implements AutoCloseable {

    /** What the rounds measured. */
    record Result(int connections, int rounds, long ok, long failed, double seconds, long p50Micros, long p99Micros,
                  long maxMicros) {

        String line() {
            return String.format("connections=%d rounds=%d handshakes=%d failed=%d seconds=%.2f handshakes_per_s=%.0f "
                    + "p50_us=%d p99_us=%d max_us=%d", connections, rounds, ok, failed, seconds, ok / seconds,
                    p50Micros, p99Micros, maxMicros);
        }
    }

    private static final ByteBuf LINE = Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer("HELLO bench-reconnect\n", StandardCharsets.US_ASCII));

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final LongAdder ok = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile CountDownLatch round;

    HandshakeLoad(String host, int port, int threads, Transport transport, SslContext tls) {
        Transport resolved = transport.resolve();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench"), resolved.ioHandlerFactory());
        this.bootstrap = new Bootstrap().group(group).channel(resolved.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .remoteAddress(host, port)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port), new Device());
                    }
                });
    }

    /** Runs {@code rounds} rounds of {@code connections} connections each. */
    Result run(int connections, int rounds) throws InterruptedException {
        long start = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            round = new CountDownLatch(connections);
            for (int i = 0; i < connections; i++) {
                bootstrap.connect().addListener(f -> {
                    if (!f.isSuccess()) {
                        failed.increment();
                        round.countDown();
                    }
                });
            }
            if (!round.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a round of " + connections + " reconnections did not finish in 120 s");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(connections, rounds, ok.sum(), failed.sum(), seconds, latencies.percentile(0.5),
                latencies.percentile(0.99), latencies.max());
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One device's reconnection: handshake, one line, its echo, close. One per channel (its start time). */
    private final class Device extends ChannelInboundHandlerAdapter {
        private final long startNanos = System.nanoTime();
        private int echoed;
        private boolean counted;

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess()) {
                ctx.writeAndFlush(LINE.duplicate());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            echoed += in.readableBytes();
            in.release();
            if (echoed >= LINE.readableBytes() && !counted) {
                counted = true;
                ok.increment();
                latencies.record((System.nanoTime() - startNanos) / 1_000);
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!counted) {
                counted = true;
                failed.increment();
            }
            round.countDown();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
