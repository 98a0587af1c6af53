package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * How far the broker has acknowledged the spool, in a small file of two slots written in turn and
 * in place: {@code "IGAK" generation:i64 position:i64 crc32c:u32}. In place, because a full disk
 * must not stop it being saved; two slots with checksums, because a write torn by a power cut
 * leaves the other slot whole. Used by one thread at a time (start-up, then the syncer).
 */
final class AckFile implements AutoCloseable {

    static final String NAME = "ack";
    private static final int MAGIC = 0x4947414b; // "IGAK"
    private static final int SLOT_BYTES = 32;
    private static final int CHECKED_BYTES = 20;

    /** What the file said: the position, or why it could not be trusted. */
    record Loaded(long position, String problem) {
    }

    private final Path file;
    private FileChannel channel;
    private long generation;
    private long saved = -1;

    AckFile(Path dir) {
        this.file = dir.resolve(NAME);
    }

    /**
     * Reads the newest whole slot. A missing file is a fresh spool (position 0, no problem); a file
     * with no whole slot is a problem, and position 0 then means "publish everything again".
     */
    Loaded load() throws IOException {
        if (!Files.exists(file)) {
            return new Loaded(0, null);
        }
        ByteBuffer both = ByteBuffer.allocate(2 * SLOT_BYTES);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (both.hasRemaining() && in.read(both) >= 0) {
                // read what there is
            }
        }
        long bestGeneration = -1;
        long position = 0;
        for (int slot = 0; slot < 2; slot++) {
            int at = slot * SLOT_BYTES;
            if (both.position() < at + CHECKED_BYTES + 4 || both.getInt(at) != MAGIC
                    || crc(both, at) != both.getInt(at + CHECKED_BYTES)) {
                continue;
            }
            long g = both.getLong(at + 4);
            if (g > bestGeneration) {
                bestGeneration = g;
                position = both.getLong(at + 12);
            }
        }
        if (bestGeneration < 0) {
            return new Loaded(0, "the acknowledgement file " + file.getFileName() + " is damaged (no slot passes its checksum)");
        }
        generation = bestGeneration;
        saved = position;
        return new Loaded(position, null);
    }

    /** Writes {@code position} into the older slot and forces it, unless it is already saved. */
    void save(long position) throws IOException {
        if (position == saved) {
            return;
        }
        if (channel == null) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        generation++;
        ByteBuffer slot = ByteBuffer.allocate(SLOT_BYTES);
        slot.putInt(MAGIC).putLong(generation).putLong(position);
        slot.putInt(CHECKED_BYTES, crc(slot, 0));
        slot.clear();
        long at = (generation & 1) * SLOT_BYTES;
        while (slot.hasRemaining()) {
            at += channel.write(slot, at);
        }
        channel.force(false);
        saved = position;
    }

    private static int crc(ByteBuffer buf, int at) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(at + CHECKED_BYTES).position(at));
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
