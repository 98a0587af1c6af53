package io.iotgw.gateway.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Splits a byte stream into lines ending in LF (a CR before the LF is dropped) without ever holding
 * more than {@code maxLineBytes} of one line. A longer line is dropped whole and reported once.
 * The stream's bytes are only looked at, never consumed, so the same buffers can still be echoed.
 *
 * <p>One per connection, used on its event loop only.
 */
public final class LineFramer {

    /** Receives what the framer finds. A line buffer is valid only during the call. */
    public interface Listener {
        void onLine(ByteBuf line);

        void onOverlongLine();
    }

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final int maxLineBytes;
    private final ByteBufAllocator alloc;
    private final Listener listener;
    private ByteBuf partial;
    private boolean discarding;

    public LineFramer(int maxLineBytes, ByteBufAllocator alloc, Listener listener) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1, got " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.alloc = alloc;
        this.listener = listener;
    }

    /** Looks at the readable bytes of {@code in} without moving its reader index. */
    public void feed(ByteBuf in) {
        int from = in.readerIndex();
        int end = in.writerIndex();
        while (from < end) {
            int lf = in.indexOf(from, end, LF);
            if (lf < 0) {
                keep(in, from, end - from);
                return;
            }
            endLine(in, from, lf - from);
            from = lf + 1;
        }
    }

    /** The stream ended: bytes left without a newline are one last line. */
    public void finish() {
        if (partial != null && partial.isReadable() && !discarding) {
            emit(partial, partial.readerIndex(), partial.readableBytes());
        }
        release();
    }

    /** Bytes of an unfinished line the framer is holding. */
    public int pendingBytes() {
        return partial == null ? 0 : partial.readableBytes();
    }

    /** True while the unfinished line is too long (reported already) and skipped to its end. */
    public boolean discarding() {
        return discarding;
    }

    /** Frees what the framer holds; call when the connection closes. */
    public void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
        discarding = false;
    }

    private void keep(ByteBuf in, int from, int length) {
        if (discarding) {
            return;
        }
        // One byte of slack: a line of exactly maxLineBytes may still be followed by CR LF.
        if (pendingBytes() + length > maxLineBytes + 1) {
            startDiscarding();
            return;
        }
        if (partial == null) {
            partial = alloc.buffer(Math.min(Math.max(length, 256), maxLineBytes + 1), maxLineBytes + 1);
        }
        partial.writeBytes(in, from, length);
    }

    private void endLine(ByteBuf in, int from, int length) {
        if (discarding) {
            discarding = false; // the over-long line ends here; it was reported when it started
            return;
        }
        if (partial == null || !partial.isReadable()) {
            emit(in, from, length);
            return;
        }
        if (partial.readableBytes() + length > maxLineBytes + 1) {
            release();
            listener.onOverlongLine();
            return;
        }
        partial.writeBytes(in, from, length);
        emit(partial, partial.readerIndex(), partial.readableBytes());
        partial.clear();
    }

    private void emit(ByteBuf buf, int from, int length) {
        int contentLength = length > 0 && buf.getByte(from + length - 1) == CR ? length - 1 : length;
        if (contentLength > maxLineBytes) {
            listener.onOverlongLine();
            return;
        }
        listener.onLine(buf.slice(from, contentLength));
    }

    private void startDiscarding() {
        release();
        discarding = true;
        listener.onOverlongLine();
    }
}
