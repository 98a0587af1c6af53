package io.iotgw.gateway.spool;

import io.iotgw.gateway.log.RateLimitedLog;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The publisher's cursor over the spool: hands out lines in order from the acknowledgement point,
 * and again from there after {@link #rewind()}. A damaged record is skipped (counted, logged at a
 * bounded rate) and reading goes on with the next whole one; a segment dropped while full is left
 * for the next. Owned by the publisher thread.
 */
public final class SpoolReader {

    private static final Logger log = LoggerFactory.getLogger(SpoolReader.class);

    private final SpoolFiles files;
    private final RecordReader records = new RecordReader();
    private final RateLimitedLog damageLog = RateLimitedLog.perMinute(log, Level.ERROR);
    private long position;
    private long ordinal;

    SpoolReader(SpoolFiles files) {
        this.files = files;
        rewind();
    }

    /** The next line, or null when every line appended so far has been handed out. */
    public SpoolEntry next() throws IOException {
        while (true) {
            long number = SpoolPosition.segment(position);
            Segment segment = files.segments.get(number);
            if (segment == null) {
                Map.Entry<Long, Segment> later = files.segments.higherEntry(number);
                if (later == null) {
                    return null;
                }
                enter(later.getValue());
                continue;
            }
            long offset = Math.max(SpoolPosition.offset(position), RecordFormat.SEGMENT_HEADER_BYTES);
            long end = segment.end();
            if (offset >= end) {
                Map.Entry<Long, Segment> later = files.segments.higherEntry(number);
                if (later == null) {
                    return null;
                }
                if (segment.end() == end) { // a newer segment is made only after the last append to this one
                    enter(later.getValue());
                }
                continue;
            }
            RecordReader.Status status;
            try {
                status = records.read(segment, offset, end, ordinal);
            } catch (ClosedChannelException e) {
                records.forget(); // dropped while full: go on with what is left (the newest is never dropped)
                Map.Entry<Long, Segment> later = files.segments.higherEntry(number);
                if (later == null) {
                    return null;
                }
                enter(later.getValue());
                continue;
            }
            if (status == RecordReader.Status.RECORD) {
                SpoolEntry entry = records.entry();
                position = entry.end();
                ordinal++;
                return entry;
            }
            skipDamage(segment, offset, end);
        }
    }

    /** Hands out again everything after the acknowledgement point (after the broker connection was lost). */
    public void rewind() {
        AckPoint ack = files.ack();
        position = ack.position();
        ordinal = ack.ordinal();
    }

    private void enter(Segment segment) {
        position = SpoolPosition.of(segment.number, RecordFormat.SEGMENT_HEADER_BYTES);
        ordinal = segment.firstOrdinal;
    }

    private void skipDamage(Segment segment, long offset, long end) throws IOException {
        long next = records.resync(segment, offset + 1, end);
        long to = next < 0 ? end : next;
        files.countDamaged();
        damageLog.log("spool {}: {} damaged bytes in {} at offset {} (the disk changed them after they were written): "
                + "skipped, the lines after them are published", files.dir(), to - offset, segment, offset);
        position = SpoolPosition.of(segment.number, to);
    }
}
