package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One file of the spool: records appended at its end, read from any record boundary. */
final class Segment {

    private static final Logger log = LoggerFactory.getLogger(Segment.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    final long number;
    final Path path;
    private final FileChannel channel;
    /** Bytes of whole, valid records; appends go here. Read by the publisher without the spool's lock. */
    private volatile long end;
    private int entries;

    private Segment(long number, Path path, FileChannel channel) {
        this.number = number;
        this.path = path;
        this.channel = channel;
    }

    static Segment create(Path dir, long number) throws IOException {
        Path path = dir.resolve(String.format("%s%016d%s", PREFIX, number, SUFFIX));
        return new Segment(number, path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
    }

    /** The segment number a file name stands for, or -1 if it is no segment file. */
    static long numberOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Opens an existing segment and checks every record. A record that is cut short or fails its
     * checksum ends the segment: what follows is cut off (a torn write at power loss), logged.
     *
     * @param seqs receives each valid record's device id and seq
     */
    static Segment recover(Path path, BiConsumer<String, Long> seqs) throws IOException {
        Segment s = new Segment(numberOf(path), path, FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
        long size = s.channel.size();
        Window window = new Window();
        long offset = 0;
        while (offset < size) {
            Read read = s.readAt(offset, size, window);
            if (read == null) {
                break;
            }
            seqs.accept(read.entry.deviceId(), read.entry.seq());
            s.entries++;
            offset += read.length;
        }
        s.end = offset;
        if (offset < size) {
            log.warn("spool {}: {} bytes at offset {} are torn or corrupt (a write cut short by a crash or power loss): "
                    + "kept the {} whole lines before them, cut off the rest", path.getFileName(), size - offset, offset, s.entries);
            s.channel.truncate(offset);
            s.channel.force(true);
        }
        return s;
    }

    /** Appends whole records; they count once all are written. A failed write (disk full) leaves no part behind. */
    void append(ByteBuffer records, int count) throws IOException {
        long at = end;
        try {
            while (records.hasRemaining()) {
                at += channel.write(records, at);
            }
        } catch (IOException e) {
            try {
                channel.truncate(end);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        end = at;
        entries += count;
    }

    void force() throws IOException {
        channel.force(false);
    }

    /** What one read found: the entry and how many bytes its record takes. */
    record Read(SpoolEntry entry, int length) {
    }

    /**
     * Bytes of one segment read ahead, so that records in a row come from memory rather than one
     * read each. Records never change once written, so what the window holds stays true.
     */
    static final class Window {
        private final ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        private long segment = -1;
        private long start;

        Window() {
            buf.limit(0);
        }
    }

    /** Reads the record at {@code offset} through the window; null at the end or at a bad record. */
    Read readAt(long offset, Window window) throws IOException {
        return readAt(offset, end, window);
    }

    /** As above, with the records known to end at {@code limit} (the file's size, while recovering). */
    private Read readAt(long offset, long limit, Window window) throws IOException {
        if (limit - offset < RecordCodec.HEADER_BYTES) {
            return null;
        }
        if (!covers(window, offset, RecordCodec.HEADER_BYTES)) {
            fill(window, offset, limit);
            if (!covers(window, offset, RecordCodec.HEADER_BYTES)) {
                return null; // the file is shorter than it was said to be
            }
        }
        int bodyLength = RecordCodec.bodyLength(window.buf.duplicate().position((int) (offset - window.start)));
        if (bodyLength < 0 || offset + RecordCodec.HEADER_BYTES + bodyLength > limit) {
            return null;
        }
        int length = RecordCodec.HEADER_BYTES + bodyLength;
        if (!covers(window, offset, length)) {
            fill(window, offset, limit);
        }
        ByteBuffer record;
        if (covers(window, offset, length)) {
            record = window.buf.duplicate().position((int) (offset - window.start));
        } else { // a record larger than the window
            record = ByteBuffer.allocate(length);
            readFully(record, offset);
            record.flip();
            if (record.limit() < length) {
                return null;
            }
        }
        SpoolEntry entry = RecordCodec.decode(record, SpoolPosition.of(number, offset));
        return entry == null ? null : new Read(entry, length);
    }

    private boolean covers(Window w, long offset, int length) {
        return w.segment == number && offset >= w.start && offset + length <= w.start + w.buf.limit();
    }

    private void fill(Window w, long offset, long limit) throws IOException {
        w.segment = number;
        w.start = offset;
        w.buf.clear().limit((int) Math.min(w.buf.capacity(), limit - offset));
        readFully(w.buf, offset);
        w.buf.flip();
    }

    private void readFully(ByteBuffer buf, long offset) throws IOException {
        long at = offset;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    long end() {
        return end;
    }

    int entries() {
        return entries;
    }

    /** Entries from {@code offset} to the end, counted by walking the records. */
    int entriesFrom(long offset) throws IOException {
        if (offset == 0) {
            return entries;
        }
        int n = 0;
        Window window = new Window();
        for (long at = offset; at < end; ) {
            Read r = readAt(at, window);
            if (r == null) {
                break;
            }
            n++;
            at += r.length;
        }
        return n;
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }
}
