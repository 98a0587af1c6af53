package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Each device's last seq, saved before any segment file is deleted, so that a device whose last
 * line is gone from the spool does not count again from a lower seq after a restart. Text, one
 * {@code <device> <seq>} per line between a header and an {@code end <count> <crc32c>} line. The
 * previous copy is kept as {@code seqs.prev}: a damaged or half-renamed file falls back to it.
 * Used by one thread at a time (start-up, then the syncer).
 */
final class SeqsFile {

    static final String NAME = "seqs";
    private static final String HEADER = "iotgw-spool-seqs 1";

    /** What was read: the seqs, and what was wrong, if anything. */
    record Loaded(Map<String, Long> seqs, String problem) {
    }

    private final Path dir;
    private final Path file;
    private final Path previous;
    private final Path temp;

    SeqsFile(Path dir) {
        this.dir = dir;
        this.file = dir.resolve(NAME);
        this.previous = dir.resolve(NAME + ".prev");
        this.temp = dir.resolve(NAME + ".tmp");
    }

    /** Both copies merged (the higher seq wins: none may go back), and what was wrong with either, if anything. */
    Loaded load() throws IOException {
        Map<String, Long> seqs = new HashMap<>();
        String problem = null;
        boolean any = false;
        for (Path p : List.of(file, previous)) {
            String text;
            try {
                text = Files.readString(p, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                continue;
            } catch (java.nio.charset.MalformedInputException e) {
                text = null;
            }
            Map<String, Long> read = text == null ? null : parse(text);
            if (read == null) {
                problem = (problem == null ? "" : problem + "; ") + "the seq file " + p.getFileName() + " is damaged";
                continue;
            }
            any = true;
            read.forEach((device, seq) -> seqs.merge(device, seq, Math::max));
        }
        if (problem != null) {
            problem += any ? " (the other copy was whole and is used)"
                    : ": seqs come from the spool's lines alone, and a device whose last line is no longer spooled may count again from a lower seq";
        }
        return new Loaded(seqs, problem);
    }

    private static Map<String, Long> parse(String text) {
        int endLine = text.lastIndexOf("\nend ");
        if (!text.startsWith(HEADER + "\n") || endLine < 0) {
            return null;
        }
        String body = text.substring(0, endLine + 1);
        String[] end = text.substring(endLine + 1).strip().split(" ");
        if (end.length != 3 || !end[2].equals(Integer.toHexString(crc(body)))) {
            return null;
        }
        Map<String, Long> seqs = new HashMap<>();
        try {
            for (String line : body.substring(HEADER.length() + 1).split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                seqs.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
            }
            return seqs.size() == Integer.parseInt(end[1]) ? seqs : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Writes the seqs to a new file, forces it, and puts it in place of the old one (kept as the previous copy). */
    void save(Map<String, ? extends Number> seqs) throws IOException {
        StringBuilder text = new StringBuilder(32 + seqs.size() * 24).append(HEADER).append('\n');
        int[] count = {0};
        seqs.forEach((device, seq) -> {
            text.append(device).append(' ').append(seq.longValue()).append('\n');
            count[0]++;
        });
        String body = text.toString();
        text.append("end ").append(count[0]).append(' ').append(Integer.toHexString(crc(body))).append('\n');
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(text.toString()));
            out.force(true);
        }
        if (Files.exists(file)) {
            Files.move(file, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(dir);
    }

    /** Makes renames and deletions in {@code dir} durable. */
    static void forceDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static int crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }
}
