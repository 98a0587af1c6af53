package io.iotgw.gateway.spool;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the spool's threads share, each part with one writer: the segments (added by the writer,
 * removed by the syncer, read by all), the newest segment and the count of lines appended (the
 * writer's), the acknowledgement point (moved forward by the publisher, and by the syncer past
 * segments it drops), and the byte and drop counts.
 */
final class SpoolFiles {

    private static final long MIN_SEGMENT_BYTES = 64 * 1024;
    private static final long MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
    /** A segment older than this is closed for a new one, so acknowledged space is freed soon. */
    static final long SEGMENT_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final long segmentMaxAgeNanos;
    final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final AtomicReference<AckPoint> ack;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong damaged = new AtomicLong();
    private volatile Segment current;
    private volatile long appendedLines;

    SpoolFiles(Path dir, long maxBytes, long segmentMaxAgeNanos, AckPoint ack) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 16));
        this.segmentMaxAgeNanos = segmentMaxAgeNanos;
        this.ack = new AtomicReference<>(ack);
    }

    Path dir() {
        return dir;
    }

    long maxBytes() {
        return maxBytes;
    }

    long segmentBytes() {
        return segmentBytes;
    }

    long segmentMaxAgeNanos() {
        return segmentMaxAgeNanos;
    }

    /** At start-up: the segments recovered (in order), the last of which takes appends. */
    void recovered(Iterable<Segment> recovered, long lines, long totalBytes) {
        for (Segment s : recovered) {
            segments.put(s.number, s);
            current = s;
        }
        appendedLines = lines;
        bytes.set(totalBytes);
    }

    Segment current() {
        return current;
    }

    /** Writer: a new segment takes appends from now on. */
    void rotated(Segment next) {
        segments.put(next.number, next);
        bytes.addAndGet(next.size());
        current = next;
    }

    /** Writer: lines were appended to the current segment. */
    void appended(int lines, int byteCount) {
        appendedLines += lines;
        bytes.addAndGet(byteCount);
    }

    long appendedLines() {
        return appendedLines;
    }

    long bytes() {
        return bytes.get();
    }

    boolean overBudget() {
        return bytes.get() > maxBytes;
    }

    /** Syncer: a segment was deleted. */
    void removed(Segment s) {
        segments.remove(s.number, s);
        bytes.addAndGet(-s.size());
    }

    AckPoint ack() {
        return ack.get();
    }

    /** Moves the acknowledgement point forward to {@code to}, unless it is there already; returns the lines it passed. */
    long advance(AckPoint to) {
        while (true) {
            AckPoint now = ack.get();
            if (to.position() <= now.position()) {
                return 0;
            }
            if (ack.compareAndSet(now, to)) {
                return Math.max(0, to.ordinal() - now.ordinal());
            }
        }
    }

    /** True when the broker has acknowledged lines still in the spool's files. */
    boolean anyAcknowledged() {
        Segment first = segments.firstEntry().getValue();
        return ack.get().position() > SpoolPosition.of(first.number, RecordFormat.SEGMENT_HEADER_BYTES);
    }

    long backlog() {
        return Math.max(0, appendedLines - ack.get().ordinal());
    }

    void countDropped(long lines) {
        dropped.addAndGet(lines);
    }

    long dropped() {
        return dropped.get();
    }

    void countDamaged() {
        damaged.incrementAndGet();
    }

    long damaged() {
        return damaged.get();
    }
}
