package io.iotgw.gateway.bench;

import io.iotgw.gateway.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop echo load: each connection keeps {@code window} messages of {@code size} bytes (the
 * last one a newline) in flight, checks that every byte comes back in order, and records the
 * round-trip time of each message.
 */
final class EchoLoad implements AutoCloseable {

    /** What one run measured. */
    record Result(int connections, long sent, long messages, double seconds, double msgsPerSecond, double megabytesPerSecond,
                  long p50Micros, long p99Micros, long p999Micros, long maxMicros, long mismatches, long errors,
                  long connectFailures) {

        String line() {
            return String.format("connections=%d sent_total=%d msgs=%d seconds=%.1f msgs_per_s=%.0f mbytes_per_s=%.2f p50_us=%d "
                            + "p99_us=%d p999_us=%d max_us=%d mismatches=%d errors=%d connect_failures=%d",
                    connections, sent, messages, seconds, msgsPerSecond, megabytesPerSecond, p50Micros, p99Micros,
                    p999Micros, maxMicros, mismatches, errors, connectFailures);
        }

        boolean clean() {
            return mismatches == 0 && errors == 0 && connectFailures == 0;
        }
    }

    private final int size;
    /** Messages shaped as readings ({@code a=1234567 b=2345678 …}) rather than runs of letters. */
    private final boolean readings;
    private final int window;
    private final long intervalNanos;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final List<Channel> channels = new ArrayList<>();
    private final LatencyHistogram latencies = new LatencyHistogram();
    private final LongAdder messages = new LongAdder();
    private final LongAdder sentTotal = new LongAdder();
    private final LongAdder mismatches = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private long connectFailures;
    private volatile boolean recording;
    private volatile boolean running = true;

    /**
     * @param intervalNanos each connection's pace: one message per interval at most; 0 for closed loop
     * @param tls           a client TLS context to speak TLS with, or null for plain TCP
     * @param readings      send readings ({@code key=value} tokens the gateway parses into fields)
     */
    EchoLoad(String host, int port, int size, int window, int threads, Transport transport, long intervalNanos,
             SslContext tls, boolean readings) {
        if (size < 1 || window < 1 || threads < 1) {
            throw new IllegalArgumentException("size, window and threads must be at least 1");
        }
        this.size = size;
        this.readings = readings;
        this.window = window;
        this.intervalNanos = intervalNanos;
        Transport resolved = transport.resolve();
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("bench"), resolved.ioHandlerFactory());
        this.bootstrap = new Bootstrap().group(group).channel(resolved.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .remoteAddress(host, port)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port)); // writes wait for the handshake
                        }
                        ch.pipeline().addLast(new Connection());
                    }
                });
    }

    /** Opens {@code count} connections, at most {@code perSecond} a second. */
    void connect(int count, int perSecond) throws InterruptedException {
        long start = System.nanoTime();
        List<ChannelFuture> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long due = start + TimeUnit.SECONDS.toNanos(i) / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            pending.add(bootstrap.connect());
        }
        for (ChannelFuture f : pending) {
            SslHandler tls = f.channel().pipeline().get(SslHandler.class);
            if (f.await().isSuccess() && (tls == null || tls.handshakeFuture().await().isSuccess())) {
                channels.add(f.channel()); // with TLS, handshaken: the measured traffic is the echo alone
            } else {
                connectFailures++;
            }
        }
    }

    /** Keeps the connections open and quiet for {@code millis}; returns how many are still open then. */
    int holdIdle(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
        return (int) channels.stream().filter(Channel::isActive).count();
    }

    /** Starts the traffic, lets it settle for {@code warmupMillis}, then measures for {@code millis}. */
    Result run(long warmupMillis, long millis) throws InterruptedException {
        for (Channel ch : channels) {
            ch.eventLoop().execute(() -> ((Connection) ch.pipeline().last()).start(ch));
        }
        TimeUnit.MILLISECONDS.sleep(warmupMillis);
        messages.reset();
        long start = System.nanoTime();
        recording = true;
        TimeUnit.MILLISECONDS.sleep(millis);
        recording = false;
        double seconds = (System.nanoTime() - start) / 1e9;
        running = false;
        for (EventExecutor loop : group) { // after this, no loop is still sending: the count is final
            loop.submit(() -> { }).syncUninterruptibly();
        }
        long n = messages.sum();
        return new Result(channels.size(), sentTotal.sum(), n, seconds, n / seconds, n * (double) size / seconds / 1e6,
                latencies.percentile(0.50), latencies.percentile(0.99), latencies.percentile(0.999),
                latencies.max(), mismatches.sum(), errors.sum(), connectFailures);
    }

    @Override
    public void close() {
        for (Channel ch : channels) {
            ch.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Expected byte {@code offset} of the stream: message m is (size - 1) letters from 'a' + m, then
     * LF; as readings, groups of ten bytes {@code k=nnnnnnn } (a key letter, '=', seven digits that
     * change with m, a blank), cut at size - 1, then LF.
     */
    private byte expected(long offset) {
        long message = offset / size;
        int position = (int) (offset % size);
        if (position == size - 1) {
            return (byte) '\n';
        }
        if (!readings) {
            return (byte) ('a' + (message + position) % 26);
        }
        int last = size - 2;
        if (last % 10 < 2 && position >= last - last % 10) {
            return (byte) ' '; // no room for a value in the last group: no key either
        }
        int inGroup = position % 10;
        if (inGroup == 0) {
            return (byte) ('a' + position / 10 % 26);
        }
        if (inGroup == 1) {
            return (byte) '=';
        }
        return inGroup == 9 ? (byte) ' ' : (byte) ('1' + (message + position) % 9);
    }

    /** One connection's traffic; stateful (offsets and send times), so one per channel. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final long[] sentNanos = new long[window];
        private long nextDueNanos = System.nanoTime();
        private long sentMessages;
        private long receivedBytes;
        private boolean mismatched;

        void start(Channel ch) {
            for (int i = 0; i < window; i++) {
                send(ch);
            }
            ch.flush();
        }

        private void send(Channel ch) {
            ByteBuf buf = ch.alloc().buffer(size);
            long offset = sentMessages * size;
            for (int i = 0; i < size; i++) {
                buf.writeByte(expected(offset + i));
            }
            sentNanos[(int) (sentMessages % window)] = System.nanoTime();
            sentMessages++;
            sentTotal.increment();
            ch.write(buf, ch.voidPromise());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                while (in.isReadable()) {
                    byte b = in.readByte();
                    if (b != expected(receivedBytes) && !mismatched) {
                        mismatched = true;
                        mismatches.increment();
                    }
                    receivedBytes++;
                    if (receivedBytes % size == 0) {
                        completed(ctx.channel(), receivedBytes / size - 1);
                    }
                }
            } finally {
                in.release();
            }
        }

        private void completed(Channel ch, long message) {
            if (recording) {
                messages.increment();
                latencies.record((System.nanoTime() - sentNanos[(int) (message % window)]) / 1_000);
            }
            if (!running) {
                return;
            }
            if (intervalNanos == 0) {
                send(ch);
                return;
            }
            nextDueNanos = Math.max(nextDueNanos + intervalNanos, System.nanoTime() - intervalNanos);
            long wait = nextDueNanos - System.nanoTime();
            if (wait <= 0) {
                send(ch);
            } else {
                ch.eventLoop().schedule(() -> {
                    if (running) {
                        send(ch);
                        ch.flush();
                    }
                }, wait, TimeUnit.NANOSECONDS);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (running) {
                errors.increment();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (running) {
                errors.increment();
            }
            ctx.close();
        }
    }
}
