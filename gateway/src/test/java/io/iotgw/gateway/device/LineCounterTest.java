package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The counter finds what the framer finds — lines and over-long lines — however the stream is cut into reads. */
class LineCounterTest {

    private static final int MAX = 16;

    /** The framer's view of a stream: lines and over-long lines it reports. */
    private static final class Framed implements LineFramer.Listener {
        int lines;
        int overlong;

        @Override
        public void onLine(ByteBuf line) {
            lines++;
        }

        @Override
        public void onOverlongLine() {
            overlong++;
        }
    }

    private static ByteBuf bytes(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
    }

    @Test
    void linesCrLfAndTheLimit_asTheFramerSeesThem() {
        LineCounter counter = new LineCounter(MAX, 0, false);
        LineCounter.Counts c = counter.feed(bytes("a\nbb\r\n" + "x".repeat(MAX) + "\r\n" + "y".repeat(MAX + 1) + "\n\n"));
        assertThat(c).isEqualTo(new LineCounter.Counts(4, 1)); // an empty line is a line
        assertThat(counter.feed(bytes("unfinished"))).isEqualTo(new LineCounter.Counts(0, 0));
        assertThat(counter.finish()).isEqualTo(new LineCounter.Counts(1, 0));
        assertThat(counter.finish()).isEqualTo(new LineCounter.Counts(0, 0));
    }

    @Test
    void aLineGrowingTooLongAcrossReads_isCountedOnce_whenItGrowsTooLong() {
        LineCounter counter = new LineCounter(MAX, 0, false);
        assertThat(counter.feed(bytes("z".repeat(MAX)))).isEqualTo(new LineCounter.Counts(0, 0));
        assertThat(counter.feed(bytes("zz"))).isEqualTo(new LineCounter.Counts(0, 1));
        assertThat(counter.feed(bytes("zzz\nok\n"))).isEqualTo(new LineCounter.Counts(1, 0));
    }

    @Test
    void takesOverFromTheFramer_midLine() {
        LineCounter counter = new LineCounter(MAX, MAX - 2, false);
        assertThat(counter.feed(bytes("ab\n"))).isEqualTo(new LineCounter.Counts(1, 0));
        LineCounter discarding = new LineCounter(MAX, 0, true);
        assertThat(discarding.feed(bytes("rest of a long one\nnext\n"))).isEqualTo(new LineCounter.Counts(1, 0));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomStreamsCutAnyhow_countAsTheFramerFrames(long seed) {
        Random random = new Random(seed);
        byte[] alphabet = {'a', 'b', '\r', '\n', '\n', 'c'};
        byte[] stream = new byte[20_000];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = random.nextInt(10) == 0 ? alphabet[random.nextInt(alphabet.length)]
                    : (byte) ('a' + random.nextInt(3));
        }
        // long runs without a newline, so that over-long lines are common
        for (int i = 0; i < stream.length; i++) {
            if (stream[i] == '\n' && random.nextInt(3) == 0) {
                stream[i] = 'q';
            }
        }
        Framed framed = new Framed();
        LineFramer framer = new LineFramer(MAX, ByteBufAllocator.DEFAULT, framed);
        LineCounter counter = new LineCounter(MAX, 0, false);
        int lines = 0;
        int overlong = 0;
        for (int at = 0; at < stream.length; ) {
            int n = Math.min(stream.length - at, 1 + random.nextInt(40));
            ByteBuf read = Unpooled.wrappedBuffer(stream, at, n);
            framer.feed(read);
            LineCounter.Counts c = counter.feed(read);
            lines += c.lines();
            overlong += c.overlong();
            assertThat(lines).as("lines after %d bytes", at + n).isEqualTo(framed.lines);
            assertThat(overlong).as("over-long lines after %d bytes", at + n).isEqualTo(framed.overlong);
            at += n;
        }
        framer.finish();
        LineCounter.Counts last = counter.finish();
        assertThat(lines + last.lines()).isEqualTo(framed.lines);
        assertThat(overlong + last.overlong()).isEqualTo(framed.overlong);
        assertThat(framed.lines).isGreaterThan(100);
        assertThat(framed.overlong).isGreaterThan(10);
    }
}
