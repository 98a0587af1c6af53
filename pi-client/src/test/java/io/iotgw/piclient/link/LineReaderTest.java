package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    private final LineReader reader = new LineReader(16);

    private List<String> feed(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (int offset = 0; offset < bytes.length; ) {
            offset += reader.feed(bytes, offset, bytes.length - offset);
            String line = reader.take();
            if (line != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void linesAcrossPartialReads_withCrlf() {
        assertThat(feed("tem")).isEmpty();
        assertThat(feed("p=1\r\nnext\nhé\n")).containsExactly("temp=1", "next", "hé");
    }

    @Test
    void overlongLine_isDiscardedWhole_andCounted_neverCut() {
        assertThat(feed("y".repeat(10_000))).isEmpty();
        assertThat(feed("yyy\nn=1\n")).containsExactly("n=1");
        assertThat(reader.discarded()).isEqualTo(1);
    }

    @Test
    void lineOfExactlyTheLimit_isALine() {
        assertThat(feed("z".repeat(16) + "\n")).containsExactly("z".repeat(16));
        assertThat(reader.discarded()).isZero();
    }

    @Test
    void clear_forgetsAPartialLine() {
        feed("half");
        reader.clear();
        assertThat(feed("whole\n")).containsExactly("whole");
    }
}
