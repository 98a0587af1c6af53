package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's on-disk spool of device lines: an append-only log in segment files. A line is
 * appended (and, with {@code fsync} zero, forced to disk) before its echo is sent; it leaves only
 * when the publisher commits past it after the broker acknowledged it. Bounded: past
 * {@code maxBytes} the oldest segment is dropped, counted and logged. Each device's {@code seq}
 * grows by one per line and survives restarts.
 *
 * <p>Thread-safe: event loops append; one publisher thread reads ({@link #next()}, {@link #rewind()})
 * without taking the writers' lock, since records never change once written, and commits.
 */
public final class Spool implements AutoCloseable {

    /** A line to append. */
    public record Line(String deviceId, String remote, long receivedMillis, byte[] payload) {
    }

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final int MIN_SEGMENT_BYTES = 64 * 1024;
    private static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean forceEachAppend;
    private final SpoolState state;
    private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    private final Segment.Window readWindow = new Segment.Window();
    /** For looking at the oldest entry, under the writers' lock: not the publisher's window. */
    private final Segment.Window peekWindow = new Segment.Window();
    private final ScheduledExecutorService syncer;
    private Segment current;
    private long totalBytes;
    /** The publisher's own. */
    private long readPosition;
    private volatile long committed;
    private volatile long unacked;
    private volatile long dropped;
    private boolean dirty;
    private boolean stateChanged;
    private FileChannel lockFile;

    private Spool(Path dir, long maxBytes, Duration fsync) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, maxBytes / 8));
        this.forceEachAppend = fsync.isZero();
        this.state = new SpoolState(dir);
        this.syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iotgw-spool-sync");
            t.setDaemon(true);
            return t;
        });
        long periodMillis = forceEachAppend ? 1000 : Math.max(10, fsync.toMillis());
        syncer.scheduleWithFixedDelay(this::sync, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Opens the spool in {@code dir} (created if missing), recovering what an earlier run left. */
    public static Spool open(Path dir, long maxBytes, Duration fsync) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, maxBytes, fsync);
        try {
            spool.lock();
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    /** One gateway per spool: a second one would interleave its appends with ours. */
    private void lock() throws IOException {
        lockFile = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean locked;
        try {
            locked = lockFile.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            locked = false; // held by this very process
        }
        if (!locked) {
            throw new IOException("it is in use by another running gateway");
        }
    }

    private void recover() throws IOException {
        SpoolState.Saved saved = state.load();
        seqs.putAll(saved.seqs());
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> Segment.numberOf(f) >= 0).sorted().toList();
        }
        for (Path file : files) {
            if (Segment.numberOf(file) < SpoolPosition.segment(saved.committed())) {
                Files.delete(file); // fully acknowledged before the last run ended
                continue;
            }
            Segment s = Segment.recover(file, (device, seq) -> seqs.merge(device, seq, Math::max));
            segments.put(s.number, s);
            totalBytes += s.end();
        }
        if (segments.isEmpty()) {
            long first = Math.max(1, SpoolPosition.segment(saved.committed()));
            current = Segment.create(dir, first);
            segments.put(current.number, current);
        } else {
            current = segments.lastEntry().getValue();
        }
        committed = clamp(saved.committed());
        if (!segments.containsKey(SpoolPosition.segment(committed))) { // its segment is gone: start at the next
            committed = SpoolPosition.of(segments.ceilingKey(SpoolPosition.segment(committed)), 0);
        }
        readPosition = committed;
        Segment first = segments.get(SpoolPosition.segment(committed));
        unacked = first.entriesFrom(SpoolPosition.offset(committed));
        for (Segment s : segments.tailMap(first.number, false).values()) {
            unacked += s.entries();
        }
        if (unacked > 0) {
            log.info("spool {}: {} lines not yet acknowledged by the broker, in {} segment files", dir, unacked,
                    segments.size());
        }
    }

    /** Appends lines in one write, giving each its device's next seq; returns the seqs. */
    public long[] append(List<Line> lines) throws IOException {
        long[] assigned = new long[lines.size()];
        synchronized (this) {
            List<byte[][]> names = new ArrayList<>(lines.size());
            int bytes = 0;
            for (Line line : lines) {
                byte[][] n = {line.deviceId().getBytes(StandardCharsets.UTF_8), line.remote().getBytes(StandardCharsets.UTF_8)};
                names.add(n);
                bytes += RecordCodec.encodedLength(n[0], n[1], line.payload().length);
            }
            makeRoom(bytes);
            ByteBuffer buf = ByteBuffer.allocate(bytes);
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                long seq = seqs.merge(line.deviceId(), 1L, Long::sum);
                assigned[i] = seq;
                RecordCodec.encode(buf, names.get(i)[0], names.get(i)[1], seq, line.receivedMillis(), line.payload());
            }
            buf.flip();
            current.append(buf, lines.size());
            totalBytes += bytes;
            unacked += lines.size();
            stateChanged = true;
            if (forceEachAppend) {
                current.force();
            } else {
                dirty = true;
            }
        }
        return assigned;
    }

    /** The next entry not yet handed out since the last rewind, or null when there is none. Publisher only. */
    public SpoolEntry next() throws IOException {
        while (true) {
            long number = SpoolPosition.segment(readPosition);
            Segment s = segments.get(number);
            if (s == null) { // dropped while full: go on with the oldest that is left
                Long later = segments.ceilingKey(number);
                if (later == null) {
                    return null;
                }
                readPosition = SpoolPosition.of(later, 0);
                continue;
            }
            Segment.Read read;
            try {
                read = s.readAt(SpoolPosition.offset(readPosition), readWindow);
            } catch (ClosedChannelException e) {
                continue; // dropped during the read: it is out of the map by now
            }
            if (read != null) {
                readPosition += read.length();
                return read.entry();
            }
            Long later = segments.higherKey(number);
            if (later == null) {
                return null;
            }
            readPosition = SpoolPosition.of(later, 0);
        }
    }

    /** Hands out again everything not yet committed (after the broker connection was lost). Publisher only. */
    public void rewind() {
        readPosition = committed;
    }

    /** The position the next {@link #next()} reads from. Publisher only. */
    public long readPosition() {
        return readPosition;
    }

    /**
     * Everything before {@code position} is acknowledged by the broker; {@code entries} of them
     * are newly so. Whole segments before it are deleted.
     */
    public void commit(long position, long entries) throws IOException {
        synchronized (this) {
            if (position <= committed) {
                return;
            }
            committed = position;
            unacked = Math.max(0, unacked - entries);
            stateChanged = true;
            List<Segment> done = new ArrayList<>(segments.headMap(SpoolPosition.segment(position), false).values());
            Segment at = segments.get(SpoolPosition.segment(position));
            if (at != null && at != current && SpoolPosition.offset(position) >= at.end()) {
                done.add(at);
            }
            if (!done.isEmpty()) {
                saveState(); // seqs first: a deleted segment must not take the last seq of a device with it
                for (Segment s : done) {
                    segments.remove(s.number);
                    totalBytes -= s.end();
                    s.delete();
                }
                committed = clamp(committed);
            }
        }
    }

    /** Lines appended and not yet acknowledged. */
    public long backlog() {
        return unacked;
    }

    /** When the oldest unacknowledged line arrived, if there is one. */
    public synchronized OptionalLong oldestMillis() throws IOException {
        Segment s = segments.get(SpoolPosition.segment(committed));
        Segment.Read first = unacked == 0 || s == null ? null
                : s.readAt(SpoolPosition.offset(committed), peekWindow);
        return first == null ? OptionalLong.empty() : OptionalLong.of(first.entry().receivedMillis());
    }

    /** Lines dropped unacknowledged because the spool was full. */
    public long dropped() {
        return dropped;
    }

    public synchronized long sizeBytes() {
        return totalBytes;
    }

    private void makeRoom(int bytes) throws IOException {
        if (current.end() > 0 && current.end() + bytes > segmentBytes) {
            current.force();
            current = Segment.create(dir, current.number + 1);
            segments.put(current.number, current);
        }
        while (totalBytes + bytes > maxBytes && segments.size() > 1) {
            dropOldest();
        }
    }

    private void dropOldest() throws IOException {
        Segment oldest = segments.firstEntry().getValue();
        long lost = SpoolPosition.segment(committed) == oldest.number
                ? oldest.entriesFrom(SpoolPosition.offset(committed)) : oldest.entries();
        saveState();
        segments.remove(oldest.number); // out of the map before closing, for a publisher reading it now
        totalBytes -= oldest.end();
        oldest.delete();
        dropped += lost;
        unacked = Math.max(0, unacked - lost);
        committed = clamp(committed);
        log.warn("spool full (spool-max-mb {}): dropped the oldest {} unacknowledged lines; {} dropped since start",
                maxBytes >> 20, lost, dropped);
    }

    /** The position itself, or the start of the first segment if it lies before every segment. */
    private long clamp(long position) {
        Segment first = segments.firstEntry().getValue();
        return SpoolPosition.segment(position) < first.number ? SpoolPosition.of(first.number, 0) : position;
    }

    private void sync() {
        try {
            synchronized (this) {
                if (dirty) {
                    current.force();
                    dirty = false;
                }
                if (stateChanged) {
                    saveState();
                }
            }
        } catch (IOException e) {
            log.error("spool {}: cannot force appended lines to disk: {}", dir, e.getMessage());
        }
    }

    private void saveState() throws IOException {
        state.save(committed, seqs);
        stateChanged = false;
    }

    @Override
    public void close() throws IOException {
        syncer.shutdownNow();
        synchronized (this) {
            if (current != null) {
                current.force();
                saveState();
            }
            for (Segment s : segments.values()) {
                s.close();
            }
            if (lockFile != null) {
                lockFile.close();
            }
        }
    }
}
