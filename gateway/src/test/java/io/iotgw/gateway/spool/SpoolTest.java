package io.iotgw.gateway.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static io.iotgw.gateway.spool.Spools.append;
import static io.iotgw.gateway.spool.Spools.drain;

import io.iotgw.gateway.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    static final Spool.Source A = new Spool.Source("a", "10.0.0.7:5000");
    static final Spool.Source B = new Spool.Source("b", "10.0.0.8:5000");

    @TempDir
    Path dir;

    private Spool open() throws IOException {
        return Spool.open(dir, 1 << 20, Duration.ofSeconds(1));
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Segment.numberOf(f) >= 0).sorted().toList();
        }
    }

    @Test
    void append_thenRead_returnsEveryFieldInOrder_withASeqPerDevice() throws Exception {
        try (Spool spool = open()) {
            append(spool, A, "one");
            append(spool, B, "two");
            append(spool, A, "three");
            SpoolEntry first = spool.reader().next();
            assertThat(first.deviceId()).isEqualTo("a");
            assertThat(first.remote()).isEqualTo("10.0.0.7:5000");
            assertThat(first.receivedMillis()).isEqualTo(1_700_000_000_000L);
            assertThat(first.seq()).isEqualTo(1);
            assertThat(drain(spool)).containsExactly("b#1:two", "a#2:three");
            assertThat(spool.backlog()).isEqualTo(3);
        }
    }

    @Test
    void rewind_afterAnAcknowledgement_handsOutEverythingAfterItAgain() throws Exception {
        try (Spool spool = open()) {
            append(spool, A, "1", "2", "3");
            SpoolEntry first = spool.reader().next();
            spool.reader().next();
            spool.acknowledge(first);
            spool.reader().rewind();
            assertThat(drain(spool)).containsExactly("a#2:2", "a#3:3");
            assertThat(spool.backlog()).isEqualTo(2);
        }
    }

    @Test
    void reopen_keepsUnacknowledgedLinesAndSeqs() throws Exception {
        try (Spool spool = open()) {
            append(spool, A, "x", "y");
            spool.acknowledge(spool.reader().next());
        }
        try (Spool spool = open()) {
            assertThat(drain(spool)).containsExactly("a#2:y");
            append(spool, A, "z");
            assertThat(drain(spool)).containsExactly("a#3:z");
        }
    }

    @Test
    void reopen_afterACrashThatLeftOnlySegments_resendsAndSeqsKeepGrowing() throws Exception {
        Path crashed = dir.resolve("crashed");
        Files.createDirectories(crashed);
        try (Spool spool = Spool.open(dir.resolve("live"), 1 << 20, Duration.ofSeconds(1))) {
            append(spool, A, "x", "y");
            try (Stream<Path> files = Files.list(dir.resolve("live"))) { // what kill -9 may leave: segments alone
                for (Path f : files.filter(f -> Segment.numberOf(f) >= 0).toList()) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }
        try (Spool again = Spool.open(crashed, 1 << 20, Duration.ofSeconds(1))) {
            assertThat(drain(again)).containsExactly("a#1:x", "a#2:y");
            append(again, A, "z");
            assertThat(drain(again)).containsExactly("a#3:z");
        }
    }

    @Test
    void open_aSpoolInUse_isRefused() throws Exception {
        try (Spool spool = open()) {
            assertThatThrownBy(this::open).hasMessage("it is in use by another running gateway");
        }
    }

    @Test
    void acknowledgedSegments_areDeleted_andTheSeqsOfTheirLinesSurvive() throws Exception {
        String big = "x".repeat(10_000);
        try (Spool spool = open()) { // segments of 64 KiB: a few lines each
            for (int i = 0; i < 40; i++) {
                append(spool, A, big);
            }
            append(spool, B, "last of b");
            assertThat(segmentFiles()).hasSizeGreaterThan(3);
            SpoolEntry last = null;
            for (SpoolEntry e; (e = spool.reader().next()) != null; ) {
                last = e;
            }
            spool.acknowledge(last);
            await().atMost(Duration.ofSeconds(10)).until(() -> segmentFiles().size() == 1);
            assertThat(spool.backlog()).isZero();
        }
        try (Spool spool = open()) {
            assertThat(drain(spool)).isEmpty();
            append(spool, A, "after");
            append(spool, B, "after");
            assertThat(drain(spool)).containsExactly("a#41:after", "b#2:after");
        }
    }

    @Test
    void aSpoolOverItsBound_dropsTheOldestSegment_countsAndSaysSo() throws Exception {
        String big = "x".repeat(10_000);
        try (LogCapture logs = new LogCapture(); Spool spool = open()) {
            for (int i = 0; i < 150; i++) {
                append(spool, A, big + i);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> spool.sizeBytes() <= 1 << 20);
            assertThat(spool.dropped()).isPositive();
            assertThat(spool.backlog()).isEqualTo(150 - spool.dropped());
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN spool full (spool-max-mb 1): dropped the oldest"));
            List<String> left = drain(spool);
            assertThat(left).hasSize((int) spool.backlog());
            assertThat(left.get(left.size() - 1)).endsWith(big + 149);
        }
    }

    @Test
    void linesAppendedWhileTheReaderIsAtTheEnd_areReadWhenTheyCome() throws Exception {
        try (Spool spool = open()) {
            assertThat(spool.reader().next()).isNull();
            append(spool, A, "late");
            assertThat(drain(spool)).containsExactly("a#1:late");
        }
    }
}
