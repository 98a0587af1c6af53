package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineFramerTest {

    private final List<String> lines = new ArrayList<>();
    private int overlong;
    private final LineFramer.Listener listener = new LineFramer.Listener() {
        @Override
        public void onLine(ByteBuf line) {
            lines.add(line.toString(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onOverlongLine() {
            overlong++;
        }
    };
    private final LineFramer framer = new LineFramer(16, ByteBufAllocator.DEFAULT, listener);

    @AfterEach
    void releaseFramer() {
        framer.release();
    }

    private void feed(String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
        int readerIndex = buf.readerIndex();
        framer.feed(buf);
        assertThat(buf.readerIndex()).as("the framer must not consume the echo's bytes").isEqualTo(readerIndex);
        buf.release();
    }

    @Test
    void feed_severalLinesInOneRead_emitsEachWithoutItsNewline() {
        feed("a\nbb\nccc\n");
        assertThat(lines).containsExactly("a", "bb", "ccc");
    }

    @Test
    void feed_lineSplitAcrossReads_emitsItWhole() {
        feed("tem");
        feed("p=2");
        feed("1.5\nnext");
        feed("\n");
        assertThat(lines).containsExactly("temp=21.5", "next");
    }

    @Test
    void feed_crlf_dropsTheCarriageReturnOnly() {
        feed("a\r\nb\r");
        feed("\n\r\r\n");
        assertThat(lines).containsExactly("a", "b", "\r");
    }

    @Test
    void feed_emptyLines_areLinesToo() {
        feed("\n\nx\n");
        assertThat(lines).containsExactly("", "", "x");
    }

    @Test
    void finish_bytesWithoutNewline_areOneLastLine() {
        feed("Hello, server!");
        framer.finish();
        assertThat(lines).containsExactly("Hello, server!");
    }

    @Test
    void finish_nothingPending_emitsNothing() {
        feed("done\n");
        framer.finish();
        assertThat(lines).containsExactly("done");
    }

    @Test
    void feed_lineOfExactlyTheLimit_isKept_evenWithCrlf() {
        feed("0123456789abcdef\r\n");
        feed("0123456789ab");
        feed("cdef\r\n");
        assertThat(lines).containsExactly("0123456789abcdef", "0123456789abcdef");
        assertThat(overlong).isZero();
    }

    @Test
    void feed_longLineInOneRead_isDroppedAndReportedOnce() {
        feed("0123456789abcdefX\nok\n");
        assertThat(lines).containsExactly("ok");
        assertThat(overlong).isEqualTo(1);
    }

    @Test
    void feed_endlessLine_holdsAtMostTheLimitAndReportsOnce() {
        feed("0123456789");
        for (int i = 0; i < 1000; i++) {
            feed("0123456789");
            assertThat(framer.pendingBytes()).isLessThanOrEqualTo(17);
        }
        feed("tail\nafter\n");
        assertThat(lines).containsExactly("after");
        assertThat(overlong).isEqualTo(1);
    }

    @Test
    void feed_longLineEndingInTheNextRead_isDroppedAndReportedOnce() {
        feed("0123456789ab");
        feed("cdefXY\nok\n");
        assertThat(lines).containsExactly("ok");
        assertThat(overlong).isEqualTo(1);
    }

    @Test
    void finish_whileDiscardingALongLine_emitsNothing() {
        feed("0123456789abcdef0123456789");
        framer.finish();
        assertThat(lines).isEmpty();
        assertThat(overlong).isEqualTo(1);
    }
}
