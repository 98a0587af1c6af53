package io.iotgw.gateway.spool;

import static io.iotgw.gateway.spool.Spools.append;
import static io.iotgw.gateway.spool.Spools.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.LogCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool the gateway's first version left behind is carried over on an upgrade: nothing unacknowledged lost, no seq going back. */
class EarlierFormatTest {

    @TempDir
    Path dir;

    /** A record of the first format: length:u32 crc32c:u32 body. */
    private static byte[] oldRecord(String device, long seq, String line) {
        byte[] id = device.getBytes(StandardCharsets.UTF_8);
        byte[] remote = "10.0.0.7:5000".getBytes(StandardCharsets.UTF_8);
        byte[] payload = line.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(2 + id.length + remote.length + 16 + payload.length);
        body.put((byte) id.length).put(id).put((byte) remote.length).put(remote).putLong(seq).putLong(1_700_000_000_000L)
                .put(payload).flip();
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return ByteBuffer.allocate(8 + body.remaining()).putInt(body.remaining()).putInt((int) crc.getValue()).put(body)
                .array();
    }

    private void oldSpool() throws IOException {
        java.io.ByteArrayOutputStream first = new java.io.ByteArrayOutputStream();
        first.write(oldRecord("a", 1, "acknowledged"));
        int firstAcknowledged = first.size();
        first.write(oldRecord("a", 2, "pending one"));
        java.io.ByteArrayOutputStream second = new java.io.ByteArrayOutputStream();
        second.write(oldRecord("b", 7, "pending two"));
        second.write(new byte[] {0, 0, 1, 0, 9, 9}); // a torn tail
        Files.write(dir.resolve("segment-0000000000000003.log"), first.toByteArray());
        Files.write(dir.resolve("segment-0000000000000004.log"), second.toByteArray());
        Files.writeString(dir.resolve("state"), "committed 3 " + firstAcknowledged + "\nseq a 2\nseq b 7\nseq gone 40\n");
    }

    @Test
    void anEarlierSpool_isCarriedOver_withItsUnacknowledgedLinesAndSeqs() throws Exception {
        oldSpool();
        try (LogCapture logs = new LogCapture(); Spool spool = Spool.open(dir, 1 << 20, Duration.ofSeconds(1))) {
            assertThat(drain(spool)).containsExactly("a#2:pending one", "b#7:pending two");
            append(spool, "gone", "back");
            append(spool, "a", "next");
            assertThat(drain(spool)).containsExactly("gone#41:back", "a#3:next");
            assertThat(logs.lines()).anyMatch(l -> l.contains("carried over from the earlier format: 2 lines not yet acknowledged"));
        }
        assertThat(dir.resolve("state")).doesNotExist();
        assertThat(dir.resolve("migrating")).doesNotExist();
        try (Spool spool = Spool.open(dir, 1 << 20, Duration.ofSeconds(1))) {
            assertThat(drain(spool)).containsExactly("a#2:pending one", "b#7:pending two", "gone#41:back", "a#3:next");
        }
    }

    @Test
    void aCarryOverCutShortByACrash_isDoneAgainAtTheNextStart() throws Exception {
        oldSpool();
        Files.createDirectories(dir.resolve("migrating"));
        Files.write(dir.resolve("migrating").resolve("segment-0000000000000005.log"), new byte[] {1, 2, 3});
        try (Spool spool = Spool.open(dir, 1 << 20, Duration.ofSeconds(1))) {
            assertThat(drain(spool)).containsExactly("a#2:pending one", "b#7:pending two");
        }
    }
}
