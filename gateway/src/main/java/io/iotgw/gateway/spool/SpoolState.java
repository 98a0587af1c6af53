package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The spool's small state file: how far the broker has acknowledged, and each device's last seq.
 * Replaced atomically (write, force, rename), so a crash leaves the old or the new one, whole.
 * It may lag behind: at start-up the segments' own records bring the seqs up to date, and lines
 * after a stale commit point are sent again (at least once).
 */
final class SpoolState {

    private static final String FILE = "state";

    record Saved(long committed, Map<String, Long> seqs) {
    }

    private final Path file;
    private final Path temp;

    SpoolState(Path dir) {
        this.file = dir.resolve(FILE);
        this.temp = dir.resolve(FILE + ".tmp");
    }

    Saved load() throws IOException {
        if (!Files.exists(file)) {
            return new Saved(0, Map.of());
        }
        long committed = 0;
        Map<String, Long> seqs = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] f = line.split(" ");
            try {
                if (f.length == 3 && f[0].equals("committed")) {
                    committed = SpoolPosition.of(Long.parseLong(f[1]), Long.parseLong(f[2]));
                } else if (f.length == 3 && f[0].equals("seq")) {
                    seqs.put(f[1], Long.parseLong(f[2]));
                }
            } catch (NumberFormatException e) {
                throw new IOException("spool state file " + file + " has a bad line: '" + line + "'");
            }
        }
        return new Saved(committed, seqs);
    }

    void save(long committed, Map<String, Long> seqs) throws IOException {
        StringBuilder text = new StringBuilder();
        text.append("committed ").append(SpoolPosition.segment(committed)).append(' ')
                .append(SpoolPosition.offset(committed)).append('\n');
        seqs.forEach((device, seq) -> text.append("seq ").append(device).append(' ').append(seq).append('\n'));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(text.toString()));
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
