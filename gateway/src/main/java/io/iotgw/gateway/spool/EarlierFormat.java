package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a spool of the gateway's first format over to the current one, so an upgrade loses no
 * line the broker had not acknowledged, nor any device's seq. The first format: a text file
 * {@code state} ({@code committed <segment> <offset>} and {@code seq <device> <n>} lines) and
 * segment files of records {@code length:u32 crc32c:u32 body}, without header or marker.
 *
 * <p>The lines after the acknowledged point are written, with their own seqs, into new segments in
 * {@code migrating/}, forced to disk; removing {@code state} then commits the change, and the old
 * segments make way for the new ones. A crash at any step is taken up at the next start. Runs on
 * the thread that opens the spool, before anything else touches it.
 */
final class EarlierFormat {

    private static final Logger log = LoggerFactory.getLogger(EarlierFormat.class);
    private static final String STATE = "state";
    private static final String MIGRATING = "migrating";
    private static final int HEADER = 8;

    private EarlierFormat() {
    }

    /** Brings {@code dir} to the current format, if it holds (part of) a spool of the first one. */
    static void carryOver(Path dir) throws IOException {
        Path state = dir.resolve(STATE);
        Path migrating = dir.resolve(MIGRATING);
        if (Files.exists(state)) {
            deleteTree(migrating); // an earlier try did not finish: start again from the old files
            long lines = rewrite(dir, state, migrating);
            Files.delete(state); // the new files are whole and on disk: from here on they count
            SeqsFile.forceDirectory(dir);
            log.info("spool {}: carried over from the earlier format: {} not yet acknowledged", dir, Spool.lines(lines));
        }
        if (Files.isDirectory(migrating)) {
            long firstNew;
            try (Stream<Path> made = Files.list(migrating)) {
                firstNew = made.mapToLong(Segment::numberOf).filter(n -> n >= 0).min().orElse(-1);
            } // none left there: all moved, after the old ones were deleted
            try (Stream<Path> old = Files.list(dir)) { // new ones already moved (a crash while moving) stay
                for (Path f : old.filter(f -> Segment.numberOf(f) >= 0 && Segment.numberOf(f) < firstNew).toList()) {
                    Files.delete(f);
                }
            }
            try (Stream<Path> made = Files.list(migrating)) {
                for (Path f : made.toList()) {
                    Files.move(f, dir.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.delete(migrating);
            SeqsFile.forceDirectory(dir);
        }
    }

    private static long rewrite(Path dir, Path state, Path migrating) throws IOException {
        long committedSegment = 0;
        long committedOffset = 0;
        Map<String, Long> seqs = new HashMap<>();
        for (String line : Files.readAllLines(state, StandardCharsets.UTF_8)) {
            String[] f = line.split(" ");
            try {
                if (f.length == 3 && f[0].equals("committed")) {
                    committedSegment = Long.parseLong(f[1]);
                    committedOffset = Long.parseLong(f[2]);
                } else if (f.length == 3 && f[0].equals("seq")) {
                    seqs.merge(f[1], Long.parseLong(f[2]), Math::max);
                }
            } catch (NumberFormatException e) {
                log.warn("spool {}: a line of the earlier state file is damaged and skipped: '{}'", dir, line);
            }
        }
        List<Path> old;
        try (Stream<Path> files = Files.list(dir)) {
            old = files.filter(f -> Segment.numberOf(f) >= 0).sorted().toList();
        }
        long number = old.isEmpty() ? 1 : Segment.numberOf(old.get(old.size() - 1)) + 1;
        Files.createDirectories(migrating);
        Segment out = Segment.create(migrating, number, ThreadLocalRandom.current().nextInt(), 0, System.nanoTime());
        long lines = 0;
        for (Path file : old) {
            long n = Segment.numberOf(file);
            if (n < committedSegment) {
                continue;
            }
            lines += copy(file, n == committedSegment ? committedOffset : 0, out, seqs);
        }
        out.force();
        out.close();
        new SeqsFile(migrating).save(seqs);
        SeqsFile.forceDirectory(migrating);
        return lines;
    }

    /** Copies the whole records of one old segment from {@code offset} on; stops at the first that is not whole. */
    private static long copy(Path file, long offset, Segment out, Map<String, Long> seqs) throws IOException {
        ByteBuffer bytes;
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            bytes = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, in.size()));
            while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                // read it all: an old segment is at most 16 MiB
            }
        }
        bytes.flip();
        long copied = 0;
        int at = (int) Math.min(offset, bytes.limit());
        ByteBuffer record = ByteBuffer.allocate(64 * 1024);
        while (bytes.limit() - at >= HEADER) {
            int bodyLength = bytes.getInt(at);
            if (bodyLength < 18 || bodyLength > RecordFormat.MAX_BODY_BYTES || at + HEADER + bodyLength > bytes.limit()) {
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes.duplicate().limit(at + HEADER + bodyLength).position(at + HEADER));
            if ((int) crc.getValue() != bytes.getInt(at + 4)) {
                break;
            }
            int p = at + HEADER;
            byte[] id = new byte[Byte.toUnsignedInt(bytes.get(p))];
            bytes.get(p + 1, id);
            p += 1 + id.length;
            byte[] remote = new byte[Byte.toUnsignedInt(bytes.get(p))];
            bytes.get(p + 1, remote);
            p += 1 + remote.length;
            long seq = bytes.getLong(p);
            long received = bytes.getLong(p + 8);
            p += 16;
            byte[] payload = new byte[at + HEADER + bodyLength - p];
            bytes.get(p, payload);
            int length = RecordFormat.encodedLength(id, remote, payload.length);
            if (record.capacity() < length) {
                record = ByteBuffer.allocate(length);
            }
            record.clear();
            RecordFormat.encode(record, out.sync, id, remote, seq, received, payload);
            record.flip();
            out.append(record, 1);
            seqs.merge(new String(id, StandardCharsets.UTF_8), seq, Math::max);
            copied++;
            at += HEADER + bodyLength;
        }
        return copied;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
