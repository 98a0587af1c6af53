package io.iotgw.gateway.spool;

import io.iotgw.gateway.log.RateLimitedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Appends lines to the spool in groups, on a thread of its own, so that no thread serving devices
 * ever waits on the disk: event loops hand over a read's lines and go on; the writer takes every
 * batch that waits, gives each line its device's next seq, and writes them all with one write. A
 * batch is done when its group is written (or, when every line must be forced to disk first, when
 * the syncer has forced it). Under load a group starts at most every {@link #PACE_NANOS}, or as
 * soon as {@link #FULL_GROUP_LINES} lines wait, so one write (and one wake-up of each event loop
 * for the echoes) serves many lines while a busy fleet is never held to one group per pace; a
 * lone line is written at once.
 *
 * <p>The writer thread owns the newest segment, the seqs and the write buffer. It starts a new
 * segment when the current one is full, old, or could not be written (so the syncer can free it
 * once acknowledged).
 */
final class SpoolWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(SpoolWriter.class);
    static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    static final int FULL_GROUP_LINES = 32;

    /** A read's lines, and whom to tell, on which executor, when they are safe. */
    record Batch(List<Spool.Line> lines, java.util.concurrent.Executor executor, Spool.Completion done) {
    }

    private final SpoolFiles files;
    private final SpoolSyncer syncer;
    private final Map<String, AtomicLong> seqs;
    private final Queue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final List<Batch> group = new ArrayList<>();
    private final RateLimitedLog failureLog = RateLimitedLog.perMinute(log, Level.ERROR);
    private final Thread thread;
    private volatile boolean sleeping;
    /** Waiting for the pace to pass: enough waiting lines end the wait early. */
    private volatile boolean pacing;
    private final AtomicInteger waitingLines = new AtomicInteger();
    private volatile boolean running = true;
    private volatile IntConsumer appendedHook = lines -> { };
    private ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
    private long lastGroupNanos = System.nanoTime() - PACE_NANOS;
    private boolean rotateNext;

    SpoolWriter(SpoolFiles files, SpoolSyncer syncer, Map<String, AtomicLong> seqs) {
        this.files = files;
        this.syncer = syncer;
        this.seqs = seqs;
        this.thread = new Thread(this, "iotgw-spool");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Called on the writer thread with the number of lines after each group is written, e.g. to wake the publisher. */
    void onAppended(IntConsumer hook) {
        this.appendedHook = hook;
    }

    /** Any thread. */
    void submit(Batch batch) {
        if (!running) {
            batch.done().failed(new IOException("the spool is closed"));
            return;
        }
        queue.add(batch);
        int waiting = waitingLines.addAndGet(batch.lines().size());
        if (sleeping || pacing && waiting >= FULL_GROUP_LINES) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        while (running || !queue.isEmpty()) {
            if (queue.isEmpty()) {
                sleeping = true;
                if (queue.isEmpty() && running) {
                    LockSupport.park(this);
                }
                sleeping = false;
                continue;
            }
            long wait = lastGroupNanos + PACE_NANOS - System.nanoTime();
            if (wait > 0 && running) {
                pacing = true;
                if (waitingLines.get() < FULL_GROUP_LINES) {
                    LockSupport.parkNanos(this, wait); // let more lines join this group
                }
                pacing = false;
            }
            for (Batch b; (b = queue.poll()) != null; ) {
                group.add(b);
                waitingLines.addAndGet(-b.lines().size());
            }
            lastGroupNanos = System.nanoTime();
            writeGroup();
            group.clear();
        }
    }

    /** Writes what was queued, then stops; later batches fail. */
    void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(TimeUnit.SECONDS.toMillis(10));
        for (Batch b; (b = queue.poll()) != null; ) {
            b.done().failed(new IOException("the spool is closed"));
        }
    }

    private void writeGroup() {
        int bytes = 0;
        int lines = 0;
        for (Batch b : group) {
            for (Spool.Line line : b.lines()) {
                bytes += RecordFormat.encodedLength(line.source().idBytes(), line.source().remoteBytes(),
                        line.payload().length);
                lines++;
            }
        }
        Segment segment;
        try {
            segment = segmentFor(bytes);
        } catch (IOException e) {
            fail(lines, e);
            return;
        }
        ByteBuffer out = buffer(bytes);
        for (Batch b : group) {
            for (Spool.Line line : b.lines()) {
                long seq = seqs.computeIfAbsent(line.source().deviceId(), k -> new AtomicLong()).incrementAndGet();
                RecordFormat.encode(out, segment.sync, line.source().idBytes(), line.source().remoteBytes(), seq,
                        line.receivedMillis(), line.payload());
            }
        }
        out.flip();
        try {
            segment.append(out, lines);
        } catch (IOException e) {
            for (Batch b : group) { // those seqs were not used: the next lines take them
                for (Spool.Line line : b.lines()) {
                    seqs.get(line.source().deviceId()).decrementAndGet();
                }
            }
            rotateNext = segment.hasRecords();
            fail(lines, e);
            return;
        }
        files.appended(lines, bytes);
        if (syncer.forcesBeforeEcho()) {
            syncer.awaitForced(new ArrayList<>(group));
        } else {
            Completions.appended(group);
        }
        appendedHook.accept(lines);
        if (files.overBudget()) {
            syncer.wake();
        }
    }

    /** The segment to write {@code bytes} to: the current one, or a new one when it is time. */
    private Segment segmentFor(int bytes) throws IOException {
        Segment current = files.current();
        long age = System.nanoTime() - current.createdNanos;
        if (current.hasRecords() && (rotateNext || current.end() + bytes > files.segmentBytes()
                || age > files.segmentMaxAgeNanos())) {
            Segment next;
            try {
                next = Segment.create(files.dir(), current.number + 1, ThreadLocalRandom.current().nextInt(),
                        files.appendedLines(), System.nanoTime());
            } catch (IOException e) {
                if (rotateNext) { // the disk is full: try the current one again
                    return current;
                }
                throw e;
            }
            files.rotated(next);
            rotateNext = false;
            syncer.wake(); // the old one may be forced, and freed once acknowledged
            return next;
        }
        return current;
    }

    private ByteBuffer buffer(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(bytes - 1) << 1);
        }
        return buffer.clear();
    }

    private void fail(int lines, IOException e) {
        failureLog.log("spool {}: cannot write {} ({}): their echo is withheld, so their devices send them again; "
                + "acknowledged lines are freed as the broker takes them", files.dir(), Spool.lines(lines), e.getMessage());
        syncer.wantSpace();
        Completions.failed(group, e);
    }

    /** The UTF-8 bytes of a device id or address, as a record stores them. */
    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
