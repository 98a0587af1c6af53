package io.iotgw.gateway.spool;

import static io.iotgw.gateway.spool.SpoolTest.A;
import static io.iotgw.gateway.spool.Spools.append;
import static io.iotgw.gateway.spool.Spools.drain;
import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.LogCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a hex editor, a torn write or a rotting card does to the spool: it costs the damaged record, nothing more. */
class SpoolDamageTest {

    /** Lines "line-0" … are 6 bytes; with device "a" and address "10.0.0.7:5000" a record takes 50 bytes. */
    private static final int RECORD = 50;

    @TempDir
    Path dir;

    private Spool open() throws IOException {
        return Spool.open(dir, 1 << 20, Duration.ofSeconds(1));
    }

    private static String[] lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "line-" + i).toArray(String[]::new);
    }

    private static List<String> expected(int... numbers) {
        List<String> out = new ArrayList<>();
        for (int i : numbers) {
            out.add("a#" + (i + 1) + ":line-" + i);
        }
        return out;
    }

    private Path segment() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Segment.numberOf(f) >= 0).sorted().findFirst().orElseThrow();
        }
    }

    private static long recordOffset(int i) {
        return RecordFormat.SEGMENT_HEADER_BYTES + (long) i * RECORD;
    }

    private void flip(Path file, long offset, int bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(bytes);
            ch.read(b, offset);
            for (int i = 0; i < bytes; i++) {
                b.put(i, (byte) ~b.get(i));
            }
            b.clear();
            ch.write(b, offset);
        }
    }

    /** Ten lines, the first {@code acknowledged} of them acknowledged, then closed. */
    private void tenLines(int acknowledged) throws IOException {
        try (Spool spool = open()) {
            append(spool, A, lines(10));
            SpoolEntry e = null;
            for (int i = 0; i < acknowledged; i++) {
                e = spool.reader().next();
            }
            if (e != null) {
                spool.acknowledge(e);
            }
        }
    }

    @Test
    void aDamagedRecordAfterTheAcknowledgementPoint_costsThatRecordOnly_andTheLogSaysWhere() throws Exception {
        tenLines(3);
        Path segment = segment();
        flip(segment, recordOffset(5) + 30, 4);
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).isEqualTo(expected(3, 4, 6, 7, 8, 9));
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN spool " + dir + ": 50 damaged bytes in "
                    + segment.getFileName() + " at offset " + recordOffset(5) + ": skipped"));
        }
    }

    @Test
    void aDamagedRecordBeforeTheAcknowledgementPoint_publishingGoesOn_andSeqsKeepGrowing() throws Exception {
        tenLines(3);
        flip(segment(), recordOffset(1) + 2, 4);
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).isEqualTo(expected(3, 4, 5, 6, 7, 8, 9));
            append(spool, A, "new");
            assertThat(drain(spool)).containsExactly("a#11:new");
            assertThat(logs.lines()).anyMatch(l -> l.contains("damaged bytes in"));
        }
    }

    @Test
    void aFlipInTheMiddleOfALongSegment_keepsEveryIntactRecordAfterIt() throws Exception {
        try (Spool spool = open()) {
            for (int i = 0; i < 10; i++) {
                append(spool, A, IntStream.range(i * 100, i * 100 + 100).mapToObj(n -> String.format("l%05d", n))
                        .toArray(String[]::new));
            }
        }
        flip(segment(), recordOffset(500) + 4, 4); // its length
        try (Spool spool = open()) {
            List<String> left = drain(spool);
            assertThat(left).hasSize(999).doesNotContain("a#501:l00500").contains("a#500:l00499", "a#502:l00501");
        }
    }

    @Test
    void aSegmentShorterThanTheAcknowledgementPoint_isDetected_andNewLinesArePublished() throws Exception {
        tenLines(10);
        Path segment = segment();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.truncate(recordOffset(7) + 20); // the last lines lost, the tail torn
        }
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).isEmpty();
            append(spool, A, "after");
            assertThat(drain(spool)).containsExactly("a#11:after");
            assertThat(logs.lines()).anyMatch(l -> l.contains("the acknowledgement point (" + recordOffset(10)
                    + ") lies past the end of " + segment.getFileName() + " (" + recordOffset(7) + " bytes): set to its end"));
        }
    }

    @Test
    void anAcknowledgementPointInsideARecord_isSetBackToItsStart() throws Exception {
        tenLines(0);
        long number = Segment.numberOf(segment());
        try (AckFile ack = new AckFile(dir)) {
            ack.load();
            ack.save(SpoolPosition.of(number, recordOffset(4) + 17));
        }
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).isEqualTo(expected(4, 5, 6, 7, 8, 9));
            assertThat(logs.lines()).anyMatch(l -> l.contains("falls inside a record: set back to its start"));
        }
    }

    @Test
    void aDamagedAcknowledgementFile_isDetected_saidSo_andEverySpooledLineIsPublishedAgain() throws Exception {
        tenLines(6);
        Files.write(dir.resolve(AckFile.NAME), "committed 1 300\n".repeat(5).getBytes(StandardCharsets.UTF_8));
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).isEqualTo(expected(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
            assertThat(logs.lines()).anyMatch(l -> l.equals("WARN spool " + dir + ": the acknowledgement file ack is damaged "
                    + "(no slot passes its checksum): every spooled line is published again (at least once)"));
        }
    }

    @Test
    void aTornWriteInOneSlotOfTheAcknowledgementFile_fallsBackToTheOther() throws Exception {
        tenLines(4);
        try (Spool spool = open()) { // saves the same point again into the other slot
            spool.acknowledge(spool.reader().next());
        }
        flip(dir.resolve(AckFile.NAME), 0, 8);
        try (Spool spool = open()) {
            assertThat(drain(spool)).first().isIn("a#5:line-4", "a#6:line-5");
        }
    }

    @Test
    void aDamagedSeqsFile_fallsBackToItsPreviousCopy_andSaysSo() throws Exception {
        tenLines(0);
        try (Spool spool = open()) {
            append(spool, A, "more");
        }
        Path seqs = dir.resolve(SeqsFile.NAME);
        assertThat(seqs).exists();
        assertThat(dir.resolve(SeqsFile.NAME + ".prev")).exists();
        flip(seqs, 25, 1);
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            append(spool, A, "next");
            assertThat(drain(spool)).endsWith("a#12:next");
            assertThat(logs.lines()).anyMatch(l -> l.contains("the seq file seqs is damaged (the other copy was whole"));
        }
    }

    @Test
    void aDamagedSegmentHeader_itsRecordsAreStillRead() throws Exception {
        tenLines(0);
        flip(segment(), 3, 4);
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).isEqualTo(expected(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
            assertThat(logs.lines()).anyMatch(l -> l.contains("has a damaged header; its records are read"));
        }
    }

    @Test
    void aTornTail_isCutOff_theWholeLinesBeforeItKept() throws Exception {
        tenLines(0);
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 0, 0, 0, 40, 7, 7}));
        }
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            assertThat(drain(spool)).hasSize(10);
            assertThat(logs.lines()).anyMatch(l -> l.contains("the last 10 bytes of") && l.contains("cut off, the 10 whole lines"));
        }
        assertThat(Files.size(segment())).isEqualTo(recordOffset(10));
    }

    @Test
    void damageAfterTheLinesWereWritten_isSkippedByTheReader_countedAndLogged() throws Exception {
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            append(spool, A, lines(10));
            flip(segment(), recordOffset(5) + 35, 2);
            assertThat(drain(spool)).isEqualTo(expected(0, 1, 2, 3, 4, 6, 7, 8, 9));
            assertThat(spool.damaged()).isEqualTo(1);
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR spool " + dir + ": 50 damaged bytes in"));
        }
    }

    @Test
    void aLineCarryingAForgedRecord_isNeverTakenForOne_whenItsOwnRecordIsDamaged() throws Exception {
        ByteBuffer forged = ByteBuffer.allocate(200);
        for (int guess : new int[] {0, -1, 0x49475350}) { // a device cannot know the segment's marker
            RecordFormat.encode(forged, guess, "victim".getBytes(StandardCharsets.UTF_8),
                    "1.2.3.4:5".getBytes(StandardCharsets.UTF_8), 99, 0, "fake=1".getBytes(StandardCharsets.UTF_8));
        }
        byte[] payload = new byte[forged.position() + 8];
        System.arraycopy(forged.array(), 0, payload, 8, forged.position());
        try (Spool spool = open()) {
            List<Spool.Line> one = List.of(new Spool.Line(A, 0, payload));
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            spool.append(one, null, new Spool.Completion() {
                @Override
                public void appended() {
                    done.complete(null);
                }

                @Override
                public void failed(IOException cause) {
                    done.completeExceptionally(cause);
                }
            });
            done.get();
            append(spool, A, "honest");
        }
        flip(segment(), RecordFormat.SEGMENT_HEADER_BYTES + 9, 2); // the carrying record's checksum
        try (Spool spool = open()) {
            assertThat(drain(spool)).containsExactly("a#2:honest");
        }
    }
}
