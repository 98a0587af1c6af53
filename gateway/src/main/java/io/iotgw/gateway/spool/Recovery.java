package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads back what an earlier run left in a spool directory: checks every record, skips damaged
 * ones (a damaged record costs that record, never the intact ones after it), cuts off a torn tail,
 * brings each device's seq up to the newest record, and puts the saved acknowledgement point right
 * when it does not fall on a record boundary or lies past a segment's end. Each finding is logged
 * once, saying what was skipped. Runs once, on the thread that opens the spool.
 */
final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);
    /** How far into a segment with a damaged header a record is looked for, to learn its marker. */
    private static final int MARKER_SEARCH_BYTES = 64 * 1024;

    /** What was found. */
    record Result(List<Segment> segments, AckPoint ack, long lines, long bytes) {
    }

    private final Path dir;
    private final Map<String, Long> seqs;
    private final RecordReader reader = new RecordReader();
    private final long nowNanos;
    private long ackPosition;
    private long ackOrdinal = -1;
    private long ordinal;

    private Recovery(Path dir, long ackPosition, Map<String, Long> seqs, long nowNanos) {
        this.dir = dir;
        this.ackPosition = ackPosition;
        this.seqs = seqs;
        this.nowNanos = nowNanos;
    }

    /**
     * @param ackPosition the saved acknowledgement point (0: nothing acknowledged)
     * @param seqs        the saved seqs, raised here to the newest record of each device
     */
    static Result run(Path dir, long ackPosition, Map<String, Long> seqs, long nowNanos) throws IOException {
        return new Recovery(dir, ackPosition, seqs, nowNanos).run();
    }

    private Result run() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> Segment.numberOf(f) >= 0).sorted().toList();
        }
        long ackSegment = SpoolPosition.segment(ackPosition);
        if (!files.isEmpty() && ackSegment > Segment.numberOf(files.get(files.size() - 1))) {
            log.warn("spool {}: the acknowledgement point lies past the last segment file (files were removed or "
                    + "restored?): publishing every spooled line again", dir);
            ackPosition = 0;
            ackSegment = 0;
        }
        List<Segment> segments = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            long number = Segment.numberOf(file);
            if (number < ackSegment) {
                Files.delete(file); // fully acknowledged before the last run ended
                continue;
            }
            Segment segment = recover(file, number);
            if (segment != null) {
                segments.add(segment);
                bytes += segment.size();
            }
        }
        if (ackOrdinal < 0) { // the point was before every remaining record, or in a segment that is gone
            Segment first = segments.isEmpty() ? null : segments.get(0);
            if (first != null && first.number > ackSegment) {
                ackPosition = SpoolPosition.of(first.number, RecordFormat.SEGMENT_HEADER_BYTES);
            }
            ackOrdinal = first == null || first.number > ackSegment ? 0 : ordinal;
        }
        return new Result(segments, new AckPoint(ackPosition, ackOrdinal), ordinal, bytes);
    }

    private Segment recover(Path file, long number) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long size = channel.size();
        Integer sync = headerMarker(channel);
        if (sync == null) {
            sync = markerOfFirstRecord(file, number, channel, size);
            if (sync == null) {
                channel.close();
                Path aside = file.resolveSibling(file.getFileName() + ".damaged");
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                log.warn("spool {}: {} has a damaged header and no record could be found in it: its {} bytes are "
                        + "skipped, the file kept as {}", dir, file.getFileName(), size, aside.getFileName());
                return null;
            }
            log.warn("spool {}: {} has a damaged header; its records are read with the marker of its first record",
                    dir, file.getFileName());
        }
        long firstOrdinal = ordinal;
        // Its records are checked through a segment of its own whose end is the file's size.
        Segment probe = Segment.recovered(number, file, channel, sync, firstOrdinal, size, 0, nowNanos);
        long offset = RecordFormat.SEGMENT_HEADER_BYTES;
        int entries = 0;
        boolean ackHere = SpoolPosition.segment(ackPosition) == number;
        long ackOffset = SpoolPosition.offset(ackPosition);
        if (ackHere && ackOffset < RecordFormat.SEGMENT_HEADER_BYTES) {
            ackOffset = RecordFormat.SEGMENT_HEADER_BYTES;
        }
        reader.forget();
        while (offset < size) {
            RecordReader.Status status = reader.read(probe, offset, size, ordinal);
            if (status == RecordReader.Status.RECORD) {
                SpoolEntry e = reader.entry();
                seqs.merge(e.deviceId(), e.seq(), Math::max);
                if (ackHere && ackOffset > offset && ackOffset < offset + reader.length()) {
                    log.warn("spool {}: the acknowledgement point ({} in {}) falls inside a record: set back to its "
                            + "start, so that line is published again", dir, ackOffset, file.getFileName());
                    ackOffset = offset;
                }
                if (ackHere && ackOffset == offset) {
                    ackOrdinal = ordinal;
                }
                entries++;
                ordinal++;
                offset += reader.length();
                continue;
            }
            long next = reader.resync(probe, offset + 1, size);
            if (next < 0) {
                log.warn("spool {}: the last {} bytes of {} (from offset {}) are torn or damaged (a write cut short "
                        + "by a crash or power loss): cut off, the {} whole lines before them kept", dir, size - offset,
                        file.getFileName(), offset, entries);
                channel.truncate(offset);
                channel.force(true);
                size = offset;
                break;
            }
            log.warn("spool {}: {} damaged bytes in {} at offset {}: skipped; the lines after them are kept", dir,
                    next - offset, file.getFileName(), offset);
            if (ackHere && ackOffset >= offset && ackOffset < next) {
                ackOffset = next; // what lay before the damage was acknowledged; what it held is lost
            }
            offset = next;
        }
        if (ackHere && ackOffset >= size) {
            if (ackOffset > size) {
                log.warn("spool {}: the acknowledgement point ({}) lies past the end of {} ({} bytes): set to its end",
                        dir, ackOffset, file.getFileName(), size);
            }
            ackOffset = size;
            ackOrdinal = ordinal;
        }
        if (ackHere) {
            ackPosition = SpoolPosition.of(number, ackOffset);
        }
        return Segment.recovered(number, file, channel, sync, firstOrdinal, size, entries, nowNanos);
    }

    private static Integer headerMarker(FileChannel channel) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES);
        while (header.hasRemaining() && channel.read(header, header.position()) >= 0) {
            // read the whole header, or what there is
        }
        header.flip();
        return RecordFormat.readSegmentHeader(header);
    }

    /** A damaged header: the marker is taken from the first record found whose checksum holds with it. */
    private Integer markerOfFirstRecord(Path file, long number, FileChannel channel, long size) throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, MARKER_SEARCH_BYTES));
        while (head.hasRemaining() && channel.read(head, head.position()) >= 0) {
            // read the start of the file
        }
        for (int at = RecordFormat.SEGMENT_HEADER_BYTES; at + RecordFormat.RECORD_HEADER_BYTES <= head.position(); at++) {
            int candidate = head.getInt(at);
            Segment probe = Segment.recovered(number, file, channel, candidate, 0, size, 0, nowNanos);
            reader.forget();
            if (reader.read(probe, at, size, 0) == RecordReader.Status.RECORD) {
                return candidate;
            }
        }
        return null;
    }
}
