package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file of the spool: a header, then records appended at its end. Only the writer thread
 * appends, and only to the newest segment; readers read whole records below {@link #end()}, which
 * never change once written; the syncer forces and deletes.
 */
final class Segment {

    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    final long number;
    final Path path;
    final int sync;
    /** The ordinal of its first record among the lines this process knows. */
    final long firstOrdinal;
    final long createdNanos;
    private final FileChannel channel;
    /** Bytes of header and whole records; appends go here. Written by the writer only. */
    private volatile long end;
    private volatile int entries;
    /** How far the syncer has forced it. Syncer only. */
    long syncedEnd;

    private Segment(long number, Path path, FileChannel channel, int sync, long firstOrdinal, long end, int entries,
                    long createdNanos) {
        this.number = number;
        this.path = path;
        this.channel = channel;
        this.sync = sync;
        this.firstOrdinal = firstOrdinal;
        this.end = end;
        this.entries = entries;
        this.syncedEnd = end;
        this.createdNanos = createdNanos;
    }

    static Path fileOf(Path dir, long number) {
        return dir.resolve(String.format("%s%016d%s", PREFIX, number, SUFFIX));
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

    /** Creates a new, empty segment file with its header. */
    static Segment create(Path dir, long number, int sync, long firstOrdinal, long nowNanos) throws IOException {
        Path path = fileOf(dir, number);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer header = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER_BYTES);
        RecordFormat.writeSegmentHeader(header, sync);
        header.flip();
        try {
            while (header.hasRemaining()) {
                channel.write(header, header.position());
            }
        } catch (IOException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new Segment(number, path, channel, sync, firstOrdinal, RecordFormat.SEGMENT_HEADER_BYTES, 0, nowNanos);
    }

    /** A segment recovered at start-up, its records already checked. */
    static Segment recovered(long number, Path path, FileChannel channel, int sync, long firstOrdinal, long end,
                             int entries, long nowNanos) {
        return new Segment(number, path, channel, sync, firstOrdinal, end, entries, nowNanos);
    }

    /**
     * Appends whole records; they count once all are written. A failed write (a full disk) leaves
     * no part behind. Writer thread only.
     */
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
        entries += count;
        end = at;
    }

    /** Reads from {@code offset} until the buffer is full or the file ends. */
    void read(ByteBuffer into, long offset) throws IOException {
        long at = offset;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    void force() throws IOException {
        channel.force(false);
    }

    long end() {
        return end;
    }

    int entries() {
        return entries;
    }

    /** Bytes of the file: header and records. */
    long size() {
        return end;
    }

    boolean hasRecords() {
        return end > RecordFormat.SEGMENT_HEADER_BYTES;
    }

    void close() throws IOException {
        channel.close();
    }

    void delete() throws IOException {
        channel.close();
        Files.deleteIfExists(path);
    }

    @Override
    public String toString() {
        return path.getFileName().toString();
    }
}
