package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's on-disk spool of device lines: an append-only log in segment files. A line is
 * appended (and, with an fsync interval of zero, forced to disk) before its echo is released; it
 * leaves when the broker has acknowledged it. Bounded: past {@code maxBytes} the oldest segment is
 * dropped, counted and logged. Each device's {@code seq} grows by one per line and survives restarts.
 *
 * <p>Threads: event loops call {@link #append} and go on; the writer thread ({@link SpoolWriter})
 * appends in groups; the syncer thread ({@link SpoolSyncer}) does everything that waits on the
 * disk; the publisher reads through the one {@link #reader()} and calls {@link #acknowledge}.
 */
public final class Spool implements AutoCloseable {

    /** Who sent lines: a device's id and address, with the bytes a record stores, made once per name. */
    public static final class Source {
        private final String deviceId;
        private final String remote;
        private final byte[] idBytes;
        private final byte[] remoteBytes;

        public Source(String deviceId, String remote) {
            this.deviceId = deviceId;
            this.remote = remote;
            this.idBytes = deviceId.getBytes(StandardCharsets.UTF_8);
            this.remoteBytes = remote.getBytes(StandardCharsets.UTF_8);
            if (idBytes.length > 255 || remoteBytes.length > 255) {
                throw new IllegalArgumentException("a device id and an address each fit in 255 bytes, got "
                        + idBytes.length + " and " + remoteBytes.length);
            }
        }

        public String deviceId() {
            return deviceId;
        }

        public String remote() {
            return remote;
        }

        byte[] idBytes() {
            return idBytes;
        }

        byte[] remoteBytes() {
            return remoteBytes;
        }
    }

    /** A line to append. */
    public record Line(Source source, long receivedMillis, byte[] payload) {
    }

    /** What a submitter of lines learns, on the executor it named. */
    public interface Completion {
        /** The lines are in the spool (and on disk, if every line must be forced before its echo). */
        void appended();

        /** The lines could not be kept (a full disk, an I/O error): withhold their echo. */
        void failed(IOException cause);
    }

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final String LOCK = "lock";

    private final Path dir;
    private final Duration fsync;
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private final RecordReader peeker = new RecordReader(64 * 1024);
    private final AckFile ackFile;
    private FileChannel lockFile;
    private SpoolFiles files;
    private SpoolWriter writer;
    private SpoolSyncer syncer;
    private SpoolReader reader;

    private Spool(Path dir, Duration fsync) {
        this.dir = dir;
        this.fsync = fsync;
        this.ackFile = new AckFile(dir);
    }

    /** Opens the spool in {@code dir} (created if missing), recovering what an earlier run left. */
    public static Spool open(Path dir, long maxBytes, Duration fsync) throws IOException {
        return open(dir, maxBytes, fsync, SpoolFiles.SEGMENT_MAX_AGE_NANOS);
    }

    static Spool open(Path dir, long maxBytes, Duration fsync, long segmentMaxAgeNanos) throws IOException {
        Files.createDirectories(dir);
        Spool spool = new Spool(dir, fsync);
        try {
            spool.lock();
            EarlierFormat.carryOver(dir);
            spool.recover(maxBytes, segmentMaxAgeNanos);
        } catch (IOException | RuntimeException e) {
            spool.closeFiles();
            throw e;
        }
        spool.syncer.start();
        spool.writer.start();
        return spool;
    }

    /** One gateway per spool: a second one would interleave its appends with ours. */
    private void lock() throws IOException {
        lockFile = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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

    private void recover(long maxBytes, long segmentMaxAgeNanos) throws IOException {
        AckFile.Loaded ack = ackFile.load();
        if (ack.problem() != null) {
            log.warn("spool {}: {}: every spooled line is published again (at least once)", dir, ack.problem());
        }
        SeqsFile seqsFile = new SeqsFile(dir);
        SeqsFile.Loaded saved = seqsFile.load();
        if (saved.problem() != null) {
            log.warn("spool {}: {}", dir, saved.problem());
        }
        Map<String, Long> recoveredSeqs = new java.util.HashMap<>(saved.seqs());
        long now = System.nanoTime();
        Recovery.Result found = Recovery.run(dir, ack.position(), recoveredSeqs, now);
        recoveredSeqs.forEach((device, seq) -> seqs.put(device, new AtomicLong(seq)));
        files = new SpoolFiles(dir, maxBytes, segmentMaxAgeNanos, found.ack());
        files.recovered(found.segments(), found.lines(), found.bytes());
        if (found.segments().isEmpty()) {
            long number = Math.max(SpoolPosition.segment(found.ack().position()), 0) + 1;
            files.rotated(Segment.create(dir, number, ThreadLocalRandom.current().nextInt(), 0, now));
        }
        ackFile.save(found.ack().position());
        syncer = new SpoolSyncer(files, ackFile, seqsFile, seqs, fsync);
        writer = new SpoolWriter(files, syncer, seqs);
        reader = new SpoolReader(files);
        long backlog = files.backlog();
        if (backlog > 0) {
            log.info("spool {}: {} not yet acknowledged by the broker, in {}", dir, lines(backlog),
                    files.segments.size() == 1 ? "1 segment file" : files.segments.size() + " segment files");
        }
    }

    /**
     * Hands lines to the writer. {@code done} is told on {@code executor} (directly when null) once
     * they are kept, or that they could not be. Any thread; never waits on the disk.
     */
    public void append(List<Line> lines, Executor executor, Completion done) {
        writer.submit(new SpoolWriter.Batch(lines, executor, done));
    }

    /** Called on the writer thread with the number of lines after each group is written, e.g. to wake the publisher. */
    public void onAppended(IntConsumer hook) {
        writer.onAppended(hook);
    }

    /** The publisher's cursor; there is one. */
    public SpoolReader reader() {
        return reader;
    }

    /**
     * Publisher: every line before {@code entry}'s end, {@code entry} included, reached the broker.
     * Acknowledged segments are freed by the syncer.
     */
    public void acknowledge(SpoolEntry entry) {
        files.advance(new AckPoint(entry.end(), entry.ordinal() + 1));
    }

    /** Lines appended and not yet acknowledged. */
    public long backlog() {
        return files.backlog();
    }

    /** When the oldest unacknowledged line arrived, if there is one. Any thread (not the hot path). */
    public synchronized OptionalLong oldestMillis() {
        if (files.backlog() == 0) {
            return OptionalLong.empty();
        }
        AckPoint ack = files.ack();
        for (Segment s : files.segments.tailMap(SpoolPosition.segment(ack.position()), true).values()) {
            long from = s.number == SpoolPosition.segment(ack.position())
                    ? Math.max(SpoolPosition.offset(ack.position()), RecordFormat.SEGMENT_HEADER_BYTES)
                    : RecordFormat.SEGMENT_HEADER_BYTES;
            try {
                if (peeker.read(s, from, s.end(), 0) == RecordReader.Status.RECORD) {
                    return OptionalLong.of(peeker.entry().receivedMillis());
                }
            } catch (IOException e) {
                peeker.forget();
                return OptionalLong.empty(); // dropped meanwhile, or unreadable: the publisher says so
            }
        }
        return OptionalLong.empty();
    }

    /** Lines dropped unacknowledged because the spool was full. */
    public long dropped() {
        return files.dropped();
    }

    /** Damaged places skipped while publishing. */
    public long damaged() {
        return files.damaged();
    }

    public long sizeBytes() {
        return files.bytes();
    }

    public Path dir() {
        return dir;
    }

    /** "1 line", "2 lines". */
    public static String lines(long n) {
        return n == 1 ? "1 line" : n + " lines";
    }

    /** Writes what was handed over, forces it to disk, saves the acknowledgement point and the seqs. */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
            syncer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeFiles();
    }

    private void closeFiles() throws IOException {
        if (files != null) {
            for (Segment s : files.segments.values()) {
                s.close();
            }
        }
        ackFile.close();
        if (lockFile != null) {
            lockFile.close();
        }
    }
}
