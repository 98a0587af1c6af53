package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads records of segments through a window of bytes read ahead, so that records in a row come
 * from memory rather than one read each, and finds the next record after damage. Records never
 * change once written, so what the window holds stays true. One per thread that reads.
 */
final class RecordReader {

    enum Status {
        /** {@link #entry()} and {@link #length()} hold the record read. */
        RECORD,
        /** No bytes left below the limit. */
        END,
        /** The bytes at the offset are no valid record (damaged, torn, or not a record boundary). */
        DAMAGED
    }

    static final int WINDOW_BYTES = 256 * 1024;

    private final ByteBuffer window;
    private Segment windowSegment;
    private long windowStart;
    private SpoolEntry entry;
    private int length;

    RecordReader() {
        this(WINDOW_BYTES);
    }

    RecordReader(int windowBytes) {
        window = ByteBuffer.allocate(windowBytes);
        window.limit(0);
    }

    SpoolEntry entry() {
        return entry;
    }

    int length() {
        return length;
    }

    /** Reads the record at {@code offset}, which must end at or below {@code limit}. */
    Status read(Segment segment, long offset, long limit, long ordinal) throws IOException {
        entry = null;
        if (offset >= limit) {
            return Status.END;
        }
        if (limit - offset < RecordFormat.RECORD_HEADER_BYTES) {
            return Status.DAMAGED;
        }
        if (!covers(segment, offset, RecordFormat.RECORD_HEADER_BYTES)) {
            fill(segment, offset, limit);
            if (!covers(segment, offset, RecordFormat.RECORD_HEADER_BYTES)) {
                return Status.DAMAGED; // the file is shorter than it was said to be
            }
        }
        int recordLength = RecordFormat.recordLength(window, relative(offset), segment.sync);
        if (recordLength < 0 || offset + recordLength > limit) {
            return Status.DAMAGED;
        }
        ByteBuffer source;
        int at;
        if (recordLength <= window.capacity()) {
            if (!covers(segment, offset, recordLength)) {
                fill(segment, offset, limit);
                if (!covers(segment, offset, recordLength)) {
                    return Status.DAMAGED;
                }
            }
            source = window;
            at = relative(offset);
        } else { // a record larger than the window
            source = ByteBuffer.allocate(recordLength);
            segment.read(source, offset);
            if (source.position() < recordLength) {
                return Status.DAMAGED;
            }
            at = 0;
        }
        entry = RecordFormat.decode(source, at, SpoolPosition.of(segment.number, offset), ordinal);
        if (entry == null) {
            return Status.DAMAGED;
        }
        length = recordLength;
        return Status.RECORD;
    }

    /**
     * The offset of the first valid record at or after {@code from} and below {@code limit}, or -1
     * when there is none: the marker, then a header and body that check out.
     */
    long resync(Segment segment, long from, long limit) throws IOException {
        long at = from;
        while (limit - at >= RecordFormat.RECORD_HEADER_BYTES) {
            fill(segment, at, limit);
            int last = window.limit() - RecordFormat.RECORD_HEADER_BYTES;
            long candidate = -1;
            for (int r = relative(at); r <= last; r++) {
                if (window.getInt(r) == segment.sync) {
                    candidate = windowStart + r;
                    break;
                }
            }
            if (candidate < 0) {
                if (windowStart + window.limit() >= limit) {
                    return -1;
                }
                at = windowStart + last + 1; // the next window overlaps by less than a header
                continue;
            }
            if (read(segment, candidate, limit, 0) == Status.RECORD) {
                return candidate;
            }
            at = candidate + 1;
        }
        return -1;
    }

    /** Forgets what the window holds of a segment (it was deleted, or is being recovered anew). */
    void forget() {
        windowSegment = null;
        window.limit(0);
    }

    private int relative(long offset) {
        return (int) (offset - windowStart);
    }

    private boolean covers(Segment segment, long offset, int bytes) {
        return windowSegment == segment && offset >= windowStart && offset + bytes <= windowStart + window.limit();
    }

    private void fill(Segment segment, long offset, long limit) throws IOException {
        windowSegment = segment;
        windowStart = offset;
        window.clear().limit((int) Math.min(window.capacity(), limit - offset));
        segment.read(window, offset);
        window.flip();
    }
}
