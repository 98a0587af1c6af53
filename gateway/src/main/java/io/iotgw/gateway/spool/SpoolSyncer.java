package io.iotgw.gateway.spool;

import io.iotgw.gateway.log.RateLimitedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Everything of the spool that waits on the disk, on a thread of its own, so that neither the
 * threads serving devices nor the writer ever do: forcing appended lines to disk (every
 * {@code fsync} interval; or, with an interval of zero, as soon as lines are written, one force
 * for every group written meanwhile, their echo released after it), saving the acknowledgement
 * point, saving the seqs, deleting acknowledged segments, and dropping the oldest when the spool is
 * over its bound.
 *
 * <p>A small reserve file keeps room for the seqs to be saved when the disk is full, so that
 * acknowledged segments can always be freed. The syncer thread owns the acknowledgement file, the
 * seqs file and the reserve.
 */
final class SpoolSyncer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SpoolSyncer.class);
    private static final long ACK_SAVE_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RESERVE_RETRY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int MIN_RESERVE_BYTES = 256 * 1024;
    static final String RESERVE = "reserve";

    private final SpoolFiles files;
    private final AckFile ackFile;
    private final SeqsFile seqsFile;
    private final Map<String, AtomicLong> seqs;
    private final long intervalNanos;
    private final Path reserve;
    private final Queue<List<SpoolWriter.Batch>> toForce = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean signalled = new AtomicBoolean();
    private final RateLimitedLog forceLog = RateLimitedLog.perMinute(log, Level.ERROR);
    private final RateLimitedLog saveAckLog = RateLimitedLog.perMinute(log, Level.WARN);
    private final RateLimitedLog saveSeqsLog = RateLimitedLog.perMinute(log, Level.ERROR);
    private final Thread thread;
    private volatile boolean running = true;
    /** The writer could not write (a full disk). */
    private volatile boolean spaceWanted;
    private long nextForceNanos;
    private long nextAckSaveNanos;
    private long nextReserveNanos;
    private int seqsFileBytes;

    SpoolSyncer(SpoolFiles files, AckFile ackFile, SeqsFile seqsFile, Map<String, AtomicLong> seqs, Duration fsync) {
        this.files = files;
        this.ackFile = ackFile;
        this.seqsFile = seqsFile;
        this.seqs = seqs;
        this.intervalNanos = fsync.toNanos();
        this.reserve = files.dir().resolve(RESERVE);
        this.thread = new Thread(this, "iotgw-spool-sync");
        this.thread.setDaemon(true);
    }

    void start() {
        long now = System.nanoTime();
        nextForceNanos = now + intervalNanos;
        nextAckSaveNanos = now + ACK_SAVE_NANOS;
        keepReserve(now);
        thread.start();
    }

    /** True when every line must be on disk before its echo (an fsync interval of zero). */
    boolean forcesBeforeEcho() {
        return intervalNanos == 0;
    }

    /** Writer: these batches are written; tell them once they are forced to disk. */
    void awaitForced(List<SpoolWriter.Batch> group) {
        toForce.add(group);
        wake();
    }

    /** Writer: a write failed, perhaps for want of space; the reserve may be given up to free acknowledged segments. */
    void wantSpace() {
        spaceWanted = true;
        wake();
    }

    /** Any thread: there is work (a new segment, a full spool, a failed write). */
    void wake() {
        if (signalled.compareAndSet(false, true)) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        while (running) {
            long now = System.nanoTime();
            if (forcesBeforeEcho()) {
                if (toForce.isEmpty()) {
                    waitUntil(now + IDLE_NANOS);
                }
                forceWaiting();
            } else {
                if (now - nextForceNanos >= 0) {
                    forceQuietly();
                    nextForceNanos = now + intervalNanos;
                }
                waitUntil(Math.min(nextForceNanos, now + IDLE_NANOS));
            }
            housekeeping(System.nanoTime());
        }
    }

    /** Forces what is written, saves what must be saved, and stops. */
    void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        forceWaiting();
        forceQuietly();
        saveAck();
        saveSeqs();
    }

    private void waitUntil(long deadlineNanos) {
        while (running && !signalled.get()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        signalled.set(false);
    }

    /** Forces the groups waiting for it (and whatever else was written meanwhile), then releases their echo. */
    private void forceWaiting() {
        List<SpoolWriter.Batch> done = new ArrayList<>();
        for (List<SpoolWriter.Batch> g; (g = toForce.poll()) != null; ) {
            done.addAll(g);
        }
        if (done.isEmpty()) {
            return;
        }
        try {
            forceDirty();
        } catch (IOException e) {
            reportForceFailure(e);
            Completions.failed(done, e);
            return;
        }
        Completions.appended(done);
    }

    private void forceQuietly() {
        try {
            forceDirty();
        } catch (IOException e) {
            reportForceFailure(e);
        }
    }

    private void forceDirty() throws IOException {
        for (Segment s : files.segments.values()) {
            long end = s.end();
            if (end > s.syncedEnd) {
                try {
                    s.force();
                } catch (ClosedChannelException e) {
                    continue; // deleted meanwhile: nothing left to keep
                }
                s.syncedEnd = end;
            }
        }
    }

    private void reportForceFailure(IOException e) {
        forceLog.log("spool {}: cannot force written lines to disk ({})", files.dir(), e.getMessage());
    }

    private void housekeeping(long now) {
        if (spaceWanted) {
            spaceWanted = false;
            giveUpReserve();
        }
        deleteAcknowledged();
        dropOldestWhileOverBudget();
        if (now - nextAckSaveNanos >= 0) {
            saveAck();
            nextAckSaveNanos = now + ACK_SAVE_NANOS;
        }
        if (now - nextReserveNanos >= 0 && !Files.exists(reserve)) {
            keepReserve(now);
        }
    }

    /** Deletes the segments every line of which the broker has acknowledged (never the one taking appends). */
    private void deleteAcknowledged() {
        AckPoint ack = files.ack();
        long ackSegment = SpoolPosition.segment(ack.position());
        Segment current = files.current();
        List<Segment> done = new ArrayList<>();
        for (Segment s : files.segments.values()) {
            boolean acknowledged = s.number < ackSegment
                    || (s.number == ackSegment && SpoolPosition.offset(ack.position()) >= s.end());
            if (s == current || !acknowledged) {
                break;
            }
            done.add(s);
        }
        if (done.isEmpty() || !saveSeqs()) {
            return;
        }
        for (Segment s : done) {
            delete(s);
        }
    }

    private void dropOldestWhileOverBudget() {
        boolean seqsSaved = false;
        while (files.overBudget()) {
            Segment oldest = files.segments.firstEntry().getValue();
            Long next = files.segments.higherKey(oldest.number);
            if (oldest == files.current() || next == null) {
                return;
            }
            if (!seqsSaved && !saveSeqs()) {
                return;
            }
            seqsSaved = true;
            Segment after = files.segments.get(next);
            long lost = files.advance(new AckPoint(SpoolPosition.of(after.number, RecordFormat.SEGMENT_HEADER_BYTES),
                    after.firstOrdinal));
            delete(oldest);
            if (lost > 0) {
                files.countDropped(lost);
                log.warn("spool full (spool-max-mb {}): dropped the oldest {} lines not yet acknowledged by the broker; "
                        + "{} dropped since start", files.maxBytes() >> 20, lost, files.dropped());
            }
        }
    }

    private void delete(Segment s) {
        files.removed(s);
        try {
            s.delete();
        } catch (IOException e) {
            log.warn("spool {}: cannot delete {} ({})", files.dir(), s, e.getMessage());
        }
    }

    private void saveAck() {
        try {
            ackFile.save(files.ack().position());
        } catch (IOException e) {
            saveAckLog.log("spool {}: cannot save how far the broker has acknowledged ({}); lines may be published "
                    + "again after a restart", files.dir(), e.getMessage());
        }
    }

    /**
     * Saves every device's seq; on a full disk, gives up the reserve to make room. False when it
     * could not be saved: then no segment may be deleted.
     */
    private boolean saveSeqs() {
        Map<String, Long> snapshot = new HashMap<>(seqs.size() * 2);
        seqs.forEach((device, seq) -> snapshot.put(device, seq.get()));
        try {
            seqsFile.save(snapshot);
            seqsFileBytes = 24 * snapshot.size();
            return true;
        } catch (IOException first) {
            try {
                if (Files.deleteIfExists(reserve)) {
                    seqsFile.save(snapshot);
                    return true;
                }
            } catch (IOException again) {
                first.addSuppressed(again);
            }
            saveSeqsLog.log("spool {}: cannot save the devices' seqs ({}): acknowledged segments are kept until it can",
                    files.dir(), first.getMessage());
            return false;
        }
    }

    /**
     * On a full disk with acknowledged lines in the spool, the reserve makes room for a new segment
     * and the seqs, after which acknowledged segments can be deleted. Never while nothing is
     * acknowledged: the room would fill with new lines and none would be left for the seqs.
     */
    private void giveUpReserve() {
        if (!files.anyAcknowledged()) {
            return;
        }
        try {
            if (Files.deleteIfExists(reserve)) {
                log.warn("spool {}: the disk is full: gave up the spool's reserve so that lines the broker acknowledged "
                        + "can be freed", files.dir());
            }
        } catch (IOException e) {
            log.warn("spool {}: cannot give up the reserve ({})", files.dir(), e.getMessage());
        }
    }

    /** Keeps a reserve of disk space for saving the seqs when the disk is full. */
    private void keepReserve(long now) {
        nextReserveNanos = now + RESERVE_RETRY_NANOS;
        int size = Math.max(MIN_RESERVE_BYTES, 2 * seqsFileBytes);
        try (FileChannel out = FileChannel.open(reserve, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            for (long at = 0; at < size; ) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += out.write(zeros, at);
            }
            out.force(false);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(reserve); // a part is no reserve
            } catch (IOException ignored) {
                // tried again later
            }
        }
    }
}
