package io.iotgw.piclient.link;

import java.nio.charset.StandardCharsets;

/**
 * Gathers incoming bytes into lines in a fixed buffer, across partial reads; a CR before the LF is
 * dropped. A line longer than the buffer is never cut short and taken for another: it is discarded
 * whole, up to its newline, and counted. Owned by one thread (the link's).
 */
final class LineReader {

    private final byte[] buf;
    private int length;
    private boolean overlong;
    private String line;
    private long discarded;

    LineReader(int maxBytes) {
        this.buf = new byte[maxBytes];
    }

    /**
     * Takes bytes from {@code data[offset..offset+count)} up to and including the first newline that
     * completes a line; returns how many it took. The line is then available from {@link #take()}.
     */
    int feed(byte[] data, int offset, int count) {
        for (int i = 0; i < count; i++) {
            byte b = data[offset + i];
            if (b != '\n') {
                if (length < buf.length) {
                    buf[length++] = b;
                } else {
                    overlong = true;
                }
                continue;
            }
            if (overlong) {
                discarded++;
                clear();
                continue;
            }
            int end = length > 0 && buf[length - 1] == '\r' ? length - 1 : length;
            line = new String(buf, 0, end, StandardCharsets.UTF_8);
            length = 0;
            return i + 1;
        }
        return count;
    }

    /** The line the last {@link #feed} completed, once; null if it completed none. */
    String take() {
        String l = line;
        line = null;
        return l;
    }

    /** Over-long lines discarded so far. */
    long discarded() {
        return discarded;
    }

    /** Forgets a partial line: the connection it came from is gone. */
    void clear() {
        length = 0;
        overlong = false;
        line = null;
    }
}
