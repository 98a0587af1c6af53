package io.iotgw.gateway.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's life on one connection: names it (address, then HELLO), frames its lines, closes it
 * when idle, and logs its arrival and departure. Bytes pass on unchanged to the echo or reply handler.
 *
 * <p>Stateful (session and line framer), so one instance per connection.
 */
final class DeviceSessionHandler extends ChannelInboundHandlerAdapter implements LineFramer.Listener {

    static final Logger log = LoggerFactory.getLogger(DeviceSessionHandler.class);

    private final DeviceRegistry registry;
    private final GatewayStats stats;
    private final DeviceListener listener;
    /** Lines of the current read, held until they are handed to the listener together. */
    private final List<byte[]> batch = new ArrayList<>();
    private final List<byte[]> batchView = Collections.unmodifiableList(batch);
    private final int maxLineBytes;
    /** Without a consumer of messages, lines matter only until the first one (HELLO) is seen. */
    private final boolean framesEveryLine;
    private DeviceSession session;
    private LineFramer framer;

    /**
     * @param listener        the consumer of messages, or null when there is none
     * @param framesEveryLine frame every line up to {@code maxLineBytes} (for the listener, or the
     *                        debug log); otherwise only a first line short enough to be a HELLO
     */
    DeviceSessionHandler(DeviceRegistry registry, GatewayStats stats, int maxLineBytes, DeviceListener listener,
                         boolean framesEveryLine) {
        this.registry = registry;
        this.stats = stats;
        this.maxLineBytes = maxLineBytes;
        this.listener = listener;
        this.framesEveryLine = framesEveryLine || listener != null;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new DeviceSession(ctx.channel(), System.nanoTime());
        ctx.channel().attr(DeviceSession.KEY).set(session);
        framer = new LineFramer(framesEveryLine ? maxLineBytes : Hello.MAX_LINE_BYTES, ctx.alloc(), this);
        stats.accepted.increment();
        registry.claim(session.deviceId(), ctx.channel());
        log.info("device {} connected from {}", session.deviceId(), session.remote());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        session.bytesIn += in.readableBytes();
        if (framer != null) {
            framer.feed(in);
            if (session.lines > 0 && !framesEveryLine) {
                framer.release(); // HELLO or not (or too long for one), the first line is past: nothing more to frame
                framer = null;
            }
            if (!handOver()) {
                in.release();
                ctx.close(); // the lines are not safe: no echo, so the device knows to send them again
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void onLine(ByteBuf line) {
        session.lines++;
        if (session.lines == 1 && Hello.isHello(line)) {
            onHello(line);
        } else {
            if (log.isDebugEnabled()) {
                log.debug("device {} line {}: {} bytes", session.deviceId(), session.lines, line.readableBytes());
            }
            if (listener != null) {
                byte[] copy = new byte[line.readableBytes()];
                line.getBytes(line.readerIndex(), copy);
                batch.add(copy);
            }
        }
        settleName();
    }

    private void settleName() {
        if (!session.named) {
            session.named = true;
            if (listener != null) {
                listener.onNamed(session);
            }
        }
    }

    /** Hands the read's lines to the listener; false if it could not keep them. */
    private boolean handOver() {
        if (batch.isEmpty()) {
            return true;
        }
        try {
            listener.onLines(session, batchView, System.currentTimeMillis());
            return true;
        } catch (IOException e) {
            stats.unsaved.add(batch.size());
            log.error("device {}: {} lines could not be kept ({}): closing without their echo", session.deviceId(),
                    batch.size(), e.getMessage());
            return false;
        } finally {
            batch.clear();
        }
    }

    @Override
    public void onOverlongLine() {
        settleName();
        session.lines++;
        session.overlongLines++;
        stats.overlongLines.increment();
        if (framesEveryLine && session.overlongLines == 1) {
            log.warn("device {} sent a line longer than max-line ({} bytes): echoed but not taken as a message; "
                    + "further ones on this connection are only counted", session.deviceId(), maxLineBytes);
        }
    }

    private void onHello(ByteBuf line) {
        String id = Hello.deviceId(line);
        if (id == null) {
            log.warn("device {} sent a HELLO with an invalid id '{}' (ids are 1-64 of A-Z a-z 0-9 _ . -); keeping its name",
                    session.deviceId(), line.toString(StandardCharsets.UTF_8).strip());
            return;
        }
        String previousName = session.deviceId();
        registry.release(previousName, session.channel());
        session.rename(id);
        registry.claim(id, session.channel()).ifPresent(old -> {
            stats.replaced.increment();
            DeviceSession oldSession = DeviceSession.of(old);
            log.info("device {} reconnected from {}: closing its older connection from {}", id, session.remote(),
                    oldSession == null ? old.remoteAddress() : oldSession.remote());
            old.close();
        });
        log.info("device {} is {}", previousName, id);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            stats.idleClosed.increment();
            log.info("device {} sent nothing for idle-timeout: closing", session.deviceId());
            ctx.close();
            return;
        }
        if (evt instanceof ChannelInputShutdownEvent) {
            finishLines();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            finishLines();
            boolean replaced = registry.find(session.deviceId()).filter(c -> c != ctx.channel()).isPresent();
            registry.release(session.deviceId(), ctx.channel());
            if (session.named && listener != null) {
                listener.onGone(session, replaced);
            }
            stats.bytesIn.add(session.bytesIn);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - session.connectedNanos());
            log.info("device {} left after {} s: {} bytes in, {} bytes out{}", session.deviceId(),
                    String.format("%.1f", millis / 1000.0), session.bytesIn, session.bytesOut,
                    session.overlongLines == 0 ? "" : " (" + session.overlongLines + " over max-line)");
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        String who = session == null ? String.valueOf(ctx.channel().remoteAddress()) : session.deviceId();
        if (cause instanceof IOException) {
            log.debug("device {}: connection error: {}", who, cause.getMessage());
        } else {
            log.warn("device {}: closing after an unexpected error", who, cause);
        }
        ctx.close();
    }

    private void finishLines() {
        if (framer != null) {
            framer.finish();
            handOver(); // the echo of these bytes went out as they came; nothing to hold back
        }
    }
}
