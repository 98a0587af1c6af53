package io.iotgw.gateway.device;

import io.iotgw.gateway.auth.DeviceAuthenticator;
import io.iotgw.gateway.auth.DeviceProof;
import io.iotgw.gateway.auth.Verdict;
import io.iotgw.gateway.log.LogText;
import io.iotgw.gateway.log.RateLimitedLog;
import io.iotgw.gateway.tls.TlsPeer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * A device's life on one connection: names it (address, then HELLO), frames its lines, hands them
 * to the listener, closes it when idle, and logs its arrival and departure. Bytes pass on
 * unchanged to the echo or reply handler — but a read with complete lines passes only once the
 * listener has taken them, and every read after it waits behind it, in order. Reads go on being
 * framed and handed over meanwhile, so a device's next lines join the spool's next group rather
 * than wait for this one; past {@link #MAX_WAITING_READS} reads or {@link #MAX_WAITING_BYTES}
 * bytes waiting, the connection is not read (its own backpressure, nobody else's).
 *
 * <p>With an authenticator, the first line decides which id the connection may use: a HELLO's
 * token is checked off the event loop, and until the verdict nothing of the connection is echoed,
 * handed over or allowed to take an id (its lines wait, framed, under the same bounds). A refused
 * connection is closed with nothing echoed or kept; the authenticator counts and logs it.
 *
 * <p>Stateful (session, framer, waiting reads), so one instance per connection, on its event loop.
 */
final class DeviceSessionHandler extends ChannelInboundHandlerAdapter
        implements LineFramer.Listener, DeviceListener.Handover {

    static final Logger log = LoggerFactory.getLogger(DeviceSessionHandler.class);
    static final int MAX_WAITING_READS = 16;
    static final int MAX_WAITING_BYTES = 64 * 1024;

    /** A read whose echo waits: for its own lines to be taken, or for an earlier read's. */
    private record Waiting(ByteBuf read, int lines) {
    }

    /** What the connections of a gateway share. */
    record Shared(DeviceRegistry registry, GatewayStats stats, DeviceListener listener, UnfinishedLines unfinished,
                  RateLimitedLog withheldLog, DeviceAuthenticator auth) {
    }

    private final Shared shared;
    private final GatewayStats stats;
    private final DeviceListener listener;
    private final int maxLineBytes;
    /** Without a consumer of messages, lines matter only until the first one (HELLO) is seen. */
    private final boolean framesEveryLine;
    /** Past the first line, lines are counted (not framed): nobody reads them, the metrics count them. */
    private final boolean countsEveryLine;
    private final long idleTimeoutNanos;
    /** Lines of the read being framed, handed over together. */
    private final List<byte[]> batch = new ArrayList<>();
    /** Lines framed while the authenticator decides, one list per read; handed over once it accepts. */
    private final List<List<byte[]>> undecided = new ArrayList<>();
    /** Reads whose echo waits, oldest first; the first has lines the listener has not yet taken. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int waitingBytes;
    private ChannelHandlerContext ctx;
    private DeviceSession session;
    private LineFramer framer;
    private LineCounter counter;
    /** The client stopped sending while echoes waited: finish once they are out. */
    private boolean inputShutdown;
    /** The first line's claim is being checked: nothing is echoed or handed over meanwhile. */
    private boolean deciding;
    /** The connection may not use the id it claimed: it is closing, nothing more is taken. */
    private boolean refusedId;
    private boolean closed;
    private long lastActivityNanos;
    private ScheduledFuture<?> idleCheck;

    DeviceSessionHandler(Shared shared, int maxLineBytes, boolean framesEveryLine, long idleTimeoutNanos) {
        this(shared, maxLineBytes, framesEveryLine, false, idleTimeoutNanos);
    }

    /**
     * @param framesEveryLine frame every line up to {@code maxLineBytes} (for the listener, or the
     *                        debug log); otherwise only a first line short enough to be a HELLO
     * @param countsEveryLine count every line (for the metrics) where they are not framed: past the
     *                        first line, newlines are only counted
     * @param idleTimeoutNanos close a device that sends no complete line (without a listener: no
     *                        byte) for this long; 0 never
     */
    DeviceSessionHandler(Shared shared, int maxLineBytes, boolean framesEveryLine, boolean countsEveryLine,
                         long idleTimeoutNanos) {
        this.shared = shared;
        this.stats = shared.stats();
        this.listener = shared.listener();
        this.maxLineBytes = maxLineBytes;
        this.framesEveryLine = framesEveryLine || listener != null;
        this.countsEveryLine = countsEveryLine && !this.framesEveryLine;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long now = System.nanoTime();
        session = new DeviceSession(ctx.channel(), now);
        ctx.channel().attr(DeviceSession.KEY).set(session);
        framer = new LineFramer(framesEveryLine || countsEveryLine ? maxLineBytes : Hello.MAX_LINE_BYTES, ctx.alloc(), this);
        stats.accepted.increment();
        shared.registry().claim(session.deviceId(), ctx.channel());
        log.info("device {} connected from {}", session.deviceId(), session.remote());
        lastActivityNanos = ticks();
        if (idleTimeoutNanos > 0) {
            idleCheck = ctx.executor().schedule(this::checkIdle, idleTimeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        int bytes = in.readableBytes();
        session.bytesIn += bytes;
        stats.bytesIn.add(bytes);
        if (listener == null) {
            lastActivityNanos = ticks(); // echo only: any byte counts
        }
        if (framer != null) {
            long linesBefore = session.lines;
            framer.feed(in);
            countLinesSince(linesBefore);
            if (session.lines > 0 && !framesEveryLine) {
                if (countsEveryLine) {
                    counter = new LineCounter(maxLineBytes, framer.pendingBytes(), framer.discarding());
                }
                framer.release(); // HELLO or not (or too long for one), the first line is past: nothing more to frame
                framer = null;
            }
            shared.unfinished().holds(session, framer == null ? 0 : framer.pendingBytes());
        } else if (counter != null) {
            counted(counter.feed(in));
        }
        if (refusedId) {
            batch.clear();
            in.release();
            return;
        }
        if (!deciding && batch.isEmpty() && waiting.isEmpty()) {
            ctx.fireChannelRead(in);
            return;
        }
        waiting.add(new Waiting(in, batch.size()));
        waitingBytes += in.readableBytes();
        if (waiting.size() >= MAX_WAITING_READS || waitingBytes >= MAX_WAITING_BYTES) {
            session.gate.echoesWaiting(true);
        }
        if (!batch.isEmpty()) {
            List<byte[]> lines = new ArrayList<>(batch);
            batch.clear();
            if (deciding) {
                undecided.add(lines);
            } else {
                listener.onLines(session, lines, System.currentTimeMillis(), this);
            }
        }
    }

    /** The listener has the oldest lines it was given: their read's echo goes out, and those waiting only on it. */
    @Override
    public void taken() {
        if (closed) {
            release(waiting.poll());
            return;
        }
        pass(waiting.poll());
        while (!waiting.isEmpty() && waiting.peek().lines() == 0) {
            pass(waiting.poll());
        }
        ctx.fireChannelReadComplete();
        if (waiting.size() < MAX_WAITING_READS && waitingBytes < MAX_WAITING_BYTES) {
            session.gate.echoesWaiting(false);
        }
        if (waiting.isEmpty() && inputShutdown) {
            inputShutdown = false;
            finishInput();
        }
    }

    @Override
    public void refused(IOException cause) {
        Waiting refused = waiting.peek();
        releaseWaiting();
        if (closed || refused == null) {
            return;
        }
        stats.withheld.add(refused.lines());
        shared.withheldLog().log("device {}: {} could not be kept ({}): closing without their echo, so it sends them again",
                session.deviceId(), GatewayStats.count(refused.lines(), "line"), cause.getMessage());
        ctx.close();
    }

    private void pass(Waiting w) {
        waitingBytes -= w.read().readableBytes();
        ctx.fireChannelRead(w.read());
    }

    private void release(Waiting w) {
        if (w != null) {
            waitingBytes -= w.read().readableBytes();
            w.read().release();
        }
    }

    @Override
    public void onLine(ByteBuf line) {
        if (refusedId) {
            return;
        }
        session.lines++;
        if (listener != null) {
            lastActivityNanos = ticks();
        }
        if (session.lines == 1 && Hello.isHello(line)) {
            onHello(line);
        } else {
            if (session.lines == 1 && !firstLineWithoutHello()) {
                return;
            }
            if (log.isDebugEnabled()) {
                log.debug("device {} line {}: {}", session.deviceId(), session.lines,
                        LogText.escape(line));
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
        if (!session.named && !deciding && !refusedId) {
            session.named = true;
            if (listener != null) {
                listener.onNamed(session);
            }
        }
    }

    @Override
    public void onOverlongLine() {
        if (refusedId || session.lines == 0 && !firstLineWithoutHello()) {
            return;
        }
        settleName();
        session.lines++;
        overlong(1);
    }

    private void overlong(int lines) {
        session.overlongLines += lines;
        stats.overlongLines.add(lines);
        if ((framesEveryLine || countsEveryLine) && session.overlongLines == lines) {
            log.warn("device {} sent a line longer than max-line ({} bytes): echoed but not taken as a message; "
                    + "further ones on this connection are only counted", session.deviceId(), maxLineBytes);
        }
    }

    /** Lines a counter found: counted as the framer's would be, over-long ones too. */
    private void counted(LineCounter.Counts counts) {
        int lines = counts.lines() + counts.overlong();
        if (lines == 0) {
            return;
        }
        session.lines += lines;
        session.lastLineNanos = System.nanoTime();
        stats.lines.add(lines);
        if (counts.overlong() > 0) {
            overlong(counts.overlong());
        }
    }

    private void onHello(ByteBuf line) {
        Hello.Claim claim = Hello.claim(line);
        if (claim == null) {
            log.warn("device {} sent an invalid HELLO '{}' (an id is 1-64 of A-Z a-z 0-9 _ . -, a token 1-128 "
                    + "printable characters); keeping its name", session.deviceId(), Hello.forLog(line));
            firstLineWithoutHello();
            return;
        }
        DeviceAuthenticator auth = shared.auth();
        if (auth == null) {
            takeId(new Verdict(Verdict.Outcome.UNPROVEN, claim.deviceId()));
            return;
        }
        CompletableFuture<Verdict> verdict = auth.verify(claim.deviceId(), claim.token(), source(),
                TlsPeer.certificateIdOf(ctx.channel()));
        if (verdict.isDone()) {
            takeId(verdict.join());
            return;
        }
        deciding = true;
        verdict.whenCompleteAsync(this::decided, ctx.executor());
    }

    /**
     * The first line is no (valid) HELLO: the connection goes by its address, or by the id its client
     * certificate proves. False when it may not go on (the policy wants every device proven).
     */
    private boolean firstLineWithoutHello() {
        DeviceAuthenticator auth = shared.auth();
        if (auth == null) {
            return true;
        }
        Verdict verdict = auth.verifyAddressNamed(session.deviceId(), source(), TlsPeer.certificateIdOf(ctx.channel()));
        if (verdict.proven()) {
            return takeId(verdict);
        }
        if (!verdict.accepted()) {
            refuse();
        }
        return verdict.accepted();
    }

    /** The authenticator's verdict on the HELLO, back on the event loop: the lines that waited go on, or nothing does. */
    private void decided(Verdict verdict, Throwable failure) {
        if (closed) {
            return;
        }
        deciding = false;
        if (failure != null) {
            log.warn("device {}: its HELLO could not be checked: closing", session.deviceId(), failure);
            refuse();
            return;
        }
        if (!takeId(verdict)) {
            return;
        }
        settleName();
        while (!waiting.isEmpty() && waiting.peek().lines() == 0) {
            pass(waiting.poll());
        }
        ctx.fireChannelReadComplete();
        long now = System.currentTimeMillis();
        for (List<byte[]> lines : undecided) {
            listener.onLines(session, lines, now, this);
        }
        undecided.clear();
        if (waiting.size() < MAX_WAITING_READS && waitingBytes < MAX_WAITING_BYTES) {
            session.gate.echoesWaiting(false);
        }
        if (waiting.isEmpty() && inputShutdown) {
            inputShutdown = false;
            finishInput();
        }
    }

    /** Takes the id a verdict allows, or refuses the connection; false when refused. */
    private boolean takeId(Verdict verdict) {
        DeviceAuthenticator auth = shared.auth();
        String id = verdict.deviceId();
        if (auth != null && verdict.accepted()) {
            verdict = auth.againstHolder(verdict, shared.registry().find(id).orElse(null), source());
        }
        if (!verdict.accepted()) {
            refuse();
            return false;
        }
        String previousName = session.deviceId();
        shared.registry().release(previousName, session.channel());
        session.rename(id, verdict.proven());
        if (verdict.proven()) {
            DeviceProof.set(session.channel(), id);
        }
        shared.registry().claim(id, session.channel()).ifPresent(old -> {
            stats.replaced.increment();
            DeviceSession oldSession = DeviceSession.of(old);
            log.info("device {} reconnected from {}: closing its older connection from {}", id, session.remote(),
                    oldSession == null ? old.remoteAddress() : oldSession.remote());
            old.close();
        });
        log.info("device {} is {}{}", previousName, id, verdict.proven() ? " (proven)" : "");
        return true;
    }

    /** The connection may not use the id it claims: closed, nothing of it echoed or kept (the authenticator logged why). */
    private void refuse() {
        refusedId = true;
        deciding = false;
        batch.clear();
        undecided.clear();
        releaseWaiting();
        session.gate.echoesWaiting(false);
        ctx.close();
    }

    private InetAddress source() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? address.getAddress() : InetAddress.getLoopbackAddress();
    }

    private void checkIdle() {
        if (closed) {
            return;
        }
        long idle = ticks() - lastActivityNanos;
        if (idle < idleTimeoutNanos) {
            idleCheck = ctx.executor().schedule(this::checkIdle, idleTimeoutNanos - idle, TimeUnit.NANOSECONDS);
            return;
        }
        stats.idleClosed.increment();
        log.info("device {} sent {} for idle-timeout: closing", session.deviceId(),
                listener == null ? "nothing" : "no complete line");
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (!waiting.isEmpty()) {
                inputShutdown = true; // after the echoes that wait
            } else {
                finishInput();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The client sent its last byte: its unfinished line is one last message, then the echo handler ends. */
    private void finishInput() {
        finishLines();
        ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        if (session != null) {
            if (idleCheck != null) {
                idleCheck.cancel(false);
            }
            if (deciding || refusedId) {
                batch.clear();
                undecided.clear(); // never echoed: the device sends them again
            } else {
                finishLines();
            }
            releaseWaiting();
            session.dropDownlinks();
            if (framer != null) {
                framer.release();
            }
            shared.unfinished().holds(session, 0);
            boolean replaced = shared.registry().find(session.deviceId()).filter(c -> c != ctx.channel()).isPresent();
            shared.registry().release(session.deviceId(), ctx.channel());
            if (session.named && listener != null) {
                listener.onGone(session, replaced);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - session.connectedNanos());
            log.atLevel(refusedId ? Level.DEBUG : Level.INFO).log("device {} left after {} s: {} in, {} out{}", session.deviceId(),
                    String.format("%.1f", millis / 1000.0), GatewayStats.count(session.bytesIn, "byte"),
                    GatewayStats.count(session.bytesOut, "byte"),
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

    /** Bytes left without a newline are one last line; their echo went out as they came, so nothing waits on it. */
    private void finishLines() {
        if (counter != null) {
            counted(counter.finish());
            counter = null;
        }
        if (framer == null) {
            return;
        }
        long linesBefore = session.lines;
        framer.finish();
        countLinesSince(linesBefore);
        framer = null;
        shared.unfinished().holds(session, 0);
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> lines = new ArrayList<>(batch);
        batch.clear();
        listener.onLines(session, lines, System.currentTimeMillis(), new DeviceListener.Handover() {
            @Override
            public void taken() {
                // its echo is out already
            }

            @Override
            public void refused(IOException cause) {
                stats.withheld.add(lines.size());
                log.error("device {}: its last line could not be kept ({})", session.deviceId(), cause.getMessage());
            }
        });
    }

    /** Once per read rather than per line: the clock and the shared counter cost more than the count. */
    private void countLinesSince(long linesBefore) {
        if (session.lines != linesBefore) {
            session.lastLineNanos = System.nanoTime();
            stats.lines.add(session.lines - linesBefore);
        }
    }

    /** The event loop's clock, which the idle check is scheduled on. */
    private long ticks() {
        return ctx.executor().ticker().nanoTime();
    }

    private void releaseWaiting() {
        for (Waiting w; (w = waiting.poll()) != null; ) {
            release(w);
        }
    }
}
