package io.iotgw.gateway.device;

import io.netty.buffer.ByteBuf;

/**
 * Counts the lines of a byte stream without framing them: where nobody reads the lines (an echo
 * gateway whose metrics count them), finding each newline is all it takes, with no slice, no copy
 * of an unfinished line and no call per line. A line longer than {@code maxLineBytes} (a CR before
 * its LF not counted) is counted as over-long, as {@link LineFramer} reports it.
 *
 * <p>One per connection, used on its event loop only.
 */
final class LineCounter {

    /** What one read held. */
    record Counts(int lines, int overlong) {

        /** A read of a few whole lines, the usual one, costs no allocation. */
        private static final Counts[] FEW_LINES = new Counts[16];

        static {
            for (int i = 0; i < FEW_LINES.length; i++) {
                FEW_LINES[i] = new Counts(i, 0);
            }
        }

        static Counts of(int lines, int overlong) {
            return overlong == 0 && lines < FEW_LINES.length ? FEW_LINES[lines] : new Counts(lines, overlong);
        }
    }

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final int maxLineBytes;
    /** Bytes of the unfinished line so far. */
    private int pending;
    private boolean pendingEndsWithCr;
    /** The unfinished line is already too long (and counted so): skip to its end. */
    private boolean discarding;

    /**
     * @param pending    bytes of an unfinished line already seen (by the framer that read the first line)
     * @param discarding that unfinished line is already too long, and was counted so
     */
    LineCounter(int maxLineBytes, int pending, boolean discarding) {
        this.maxLineBytes = maxLineBytes;
        this.pending = pending;
        this.discarding = discarding;
    }

    /** Counts the lines the readable bytes of {@code in} end, without moving its reader index. */
    Counts feed(ByteBuf in) {
        int from = in.readerIndex();
        int end = in.writerIndex();
        int lines = 0;
        int overlong = 0;
        while (from < end) {
            int lf = in.indexOf(from, end, LF);
            if (lf < 0) {
                if (!discarding) {
                    // as the framer: one byte of slack, for a CR before the LF
                    if ((long) pending + (end - from) > maxLineBytes + 1L) {
                        discarding = true;
                        overlong++;
                    } else {
                        pending += end - from;
                        // only a line of exactly max + 1 bytes depends on its last one being a CR
                        pendingEndsWithCr = pending == maxLineBytes + 1 && in.getByte(end - 1) == CR;
                    }
                }
                break;
            }
            long length = (long) pending + (lf - from);
            if (discarding) {
                discarding = false; // counted when it grew too long
            } else if (length <= maxLineBytes) {
                lines++;
            } else if (length == maxLineBytes + 1L && (lf > from ? in.getByte(lf - 1) == CR : pendingEndsWithCr)) {
                lines++; // max bytes and the CR before the LF
            } else {
                overlong++;
            }
            pending = 0;
            pendingEndsWithCr = false;
            from = lf + 1;
        }
        return Counts.of(lines, overlong);
    }

    /** The stream ended: bytes left without a newline are one last line (unless already counted too long). */
    Counts finish() {
        boolean last = pending > 0 && !discarding;
        boolean tooLong = pending - (pendingEndsWithCr ? 1 : 0) > maxLineBytes;
        pending = 0;
        discarding = false;
        return !last ? Counts.of(0, 0) : tooLong ? Counts.of(0, 1) : Counts.of(1, 0);
    }
}
