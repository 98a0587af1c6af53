package io.iotgw.gateway.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private static Spool.Line line(String device, String text) {
        return new Spool.Line(device, "10.0.0.7:5000", 1_700_000_000_000L, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> drain(Spool spool) throws IOException {
        List<String> out = new ArrayList<>();
        for (SpoolEntry e; (e = spool.next()) != null; ) {
            out.add(e.deviceId() + "#" + e.seq() + ":" + new String(e.payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

    private Spool open(long maxBytes) throws IOException {
        return Spool.open(dir, maxBytes, Duration.ofSeconds(1));
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Segment.numberOf(f) >= 0).sorted().toList();
        }
    }

    @Test
    void append_thenNext_returnsEveryFieldInOrder() throws Exception {
        try (Spool spool = open(1 << 20)) {
            long[] seqs = spool.append(List.of(line("a", "one"), line("b", "two"), line("a", "three")));
            assertThat(seqs).containsExactly(1, 1, 2);
            SpoolEntry first = spool.next();
            assertThat(first.deviceId()).isEqualTo("a");
            assertThat(first.remote()).isEqualTo("10.0.0.7:5000");
            assertThat(first.receivedMillis()).isEqualTo(1_700_000_000_000L);
            assertThat(drain(spool)).containsExactly("b#1:two", "a#2:three");
            assertThat(spool.backlog()).isEqualTo(3);
        }
    }

    @Test
    void rewind_handsOutEverythingUncommittedAgain() throws Exception {
        try (Spool spool = open(1 << 20)) {
            spool.append(List.of(line("a", "1"), line("a", "2"), line("a", "3")));
            spool.next();
            long afterFirst = spool.readPosition();
            spool.next();
            spool.commit(afterFirst, 1);
            spool.rewind();
            assertThat(drain(spool)).containsExactly("a#2:2", "a#3:3");
            assertThat(spool.backlog()).isEqualTo(2);
        }
    }

    @Test
    void reopen_keepsUncommittedLinesAndSeqs() throws Exception {
        try (Spool spool = open(1 << 20)) {
            spool.append(List.of(line("dev", "x"), line("dev", "y")));
            spool.next();
            spool.commit(spool.readPosition(), 1);
        }
        try (Spool spool = open(1 << 20)) {
            assertThat(drain(spool)).containsExactly("dev#2:y");
            assertThat(spool.append(List.of(line("dev", "z")))).containsExactly(3);
        }
    }

    @Test
    void reopen_afterACrashWithoutState_resendsAndKeepsSeqsGrowing() throws Exception {
        Path crashed = dir.resolve("crashed");
        try (Spool spool = Spool.open(dir.resolve("live"), 1 << 20, Duration.ofSeconds(1))) {
            spool.append(List.of(line("dev", "x"), line("dev", "y")));
            // what kill -9 leaves: the segments as written, no state file
            Files.createDirectories(crashed);
            try (Stream<Path> files = Files.list(dir.resolve("live"))) {
                for (Path f : files.filter(f -> Segment.numberOf(f) >= 0).toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }
        try (Spool again = Spool.open(crashed, 1 << 20, Duration.ofSeconds(1))) {
            assertThat(drain(again)).containsExactly("dev#1:x", "dev#2:y");
            assertThat(again.append(List.of(line("dev", "z")))).containsExactly(3);
        }
    }

    @Test
    void open_aSpoolInUse_isRefused() throws Exception {
        try (Spool spool = open(1 << 20)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> open(1 << 20))
                    .hasMessage("it is in use by another running gateway");
        }
    }

    @Test
    void commit_pastWholeSegments_deletesTheirFiles_andSeqsSurvive() throws Exception {
        String big = "x".repeat(10_000);
        try (Spool spool = open(1 << 20)) { // segments of 128 KiB
            for (int i = 0; i < 40; i++) {
                spool.append(List.of(line("dev", big)));
            }
            assertThat(segmentFiles()).hasSizeGreaterThan(2);
            while (spool.next() != null) {
                spool.commit(spool.readPosition(), 1);
            }
            assertThat(segmentFiles()).hasSize(1);
            assertThat(spool.backlog()).isZero();
        }
        try (Spool spool = open(1 << 20)) {
            assertThat(spool.next()).isNull();
            assertThat(spool.append(List.of(line("dev", "after")))).containsExactly(41);
        }
    }

    @Test
    void full_dropsTheOldestAndCountsThem() throws Exception {
        String big = "x".repeat(10_000);
        try (Spool spool = open(256 * 1024)) { // segments of 64 KiB
            for (int i = 0; i < 100; i++) {
                spool.append(List.of(line("dev", big + i)));
            }
            assertThat(spool.sizeBytes()).isLessThanOrEqualTo(256 * 1024);
            assertThat(spool.dropped()).isGreaterThan(0);
            List<String> left = drain(spool);
            assertThat(left.size() + spool.dropped()).isEqualTo(100);
            assertThat(left.get(left.size() - 1)).endsWith(big + 99);
            assertThat(left).as("what is left is the newest, in order").isSortedAccordingTo(
                    (a, b) -> Long.compare(seqOf(a), seqOf(b)));
            assertThat(spool.backlog()).isEqualTo(left.size());
        }
    }

    private static long seqOf(String drained) {
        return Long.parseLong(drained.substring(drained.indexOf('#') + 1, drained.indexOf(':')));
    }

    @Test
    void tornTail_isCutOff_andWhatIsIntactLoads() throws Exception {
        try (Spool spool = open(1 << 20)) {
            spool.append(List.of(line("dev", "kept-1"), line("dev", "kept-2")));
        }
        Path segment = segmentFiles().get(0);
        long intact = Files.size(segment);
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6})); // a record cut short
        }
        try (Spool spool = open(1 << 20)) {
            assertThat(drain(spool)).containsExactly("dev#1:kept-1", "dev#2:kept-2");
            assertThat(Files.size(segment)).isEqualTo(intact);
            spool.append(List.of(line("dev", "after")));
            spool.rewind();
            assertThat(drain(spool)).containsExactly("dev#1:kept-1", "dev#2:kept-2", "dev#3:after");
        }
    }

    @Test
    void corruptRecord_failsItsChecksum_andEndsTheSegmentThere() throws Exception {
        try (Spool spool = open(1 << 20)) {
            spool.append(List.of(line("dev", "good")));
            spool.append(List.of(line("dev", "flipped")));
            spool.append(List.of(line("dev", "after the flip")));
        }
        Path segment = segmentFiles().get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int second = RecordCodec.encodedLength("dev".getBytes(), "10.0.0.7:5000".getBytes(), 4);
        bytes[second + RecordCodec.HEADER_BYTES + 30] ^= 0x40; // one bit inside the second record's body
        Files.write(segment, bytes);
        try (Spool spool = open(1 << 20)) {
            assertThat(drain(spool)).containsExactly("dev#1:good");
        }
    }

    @Test
    void garbageFile_startsEmptyWithoutCrashing() throws Exception {
        Files.write(dir.resolve("segment-0000000000000001.log"), "not a spool at all\n".repeat(100).getBytes());
        try (Spool spool = open(1 << 20)) {
            assertThat(spool.next()).isNull();
            spool.append(List.of(line("dev", "fresh")));
            assertThat(drain(spool)).containsExactly("dev#1:fresh");
        }
    }
}
