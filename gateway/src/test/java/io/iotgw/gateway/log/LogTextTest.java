package io.iotgw.gateway.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void escape_plainText_isUnchanged() {
        assertThat(LogText.escape("temp=21.5 esp32-01 ünïcødé 温度 \uD83D\uDE00")).isEqualTo("temp=21.5 esp32-01 ünïcødé 温度 \uD83D\uDE00");
    }

    @Test
    void escape_terminalControlAndForgedLogLine_areEscaped() {
        assertThat(LogText.escape("HELLO \u001b[2J\rERROR root login ok\n2026-01-01 INFO fake"))
                .isEqualTo("HELLO \\x1b[2J\\rERROR root login ok\\n2026-01-01 INFO fake");
    }

    @Test
    void escape_backslash_isDoubled_soAnEscapeCannotBeForged() {
        assertThat(LogText.escape("a\\x1bb")).isEqualTo("a\\\\x1bb");
    }

    @Test
    void escape_nulDelTabAndC1Controls_areEscaped() {
        assertThat(LogText.escape("\u0000\t\u007f\u0085\u009b")).isEqualTo("\\x00\\t\\x7f\\u0085\\u009b");
    }

    @Test
    void escape_bidiOverridesAndUnicodeLineSeparators_areEscaped() {
        assertThat(LogText.escape("a\u202Eb\u2028c\u2029d\u2066e\u200Bf")).isEqualTo("a\\u202eb\\u2028c\\u2029d\\u2066e\\u200bf");
    }

    @Test
    void escape_unpairedSurrogates_areEscaped() {
        assertThat(LogText.escape("x\uD800y\uDC00")).isEqualTo("x\\ud800y\\udc00");
    }

    @Test
    void escape_longText_isCutAndSaysHowMuchIsLeft() {
        assertThat(LogText.escape("x".repeat(250))).isEqualTo("x".repeat(200) + "...(50 more characters)");
        assertThat(LogText.escape("abcdef", 3)).isEqualTo("abc...(3 more characters)");
    }

    @Test
    void escape_invalidUtf8Bytes_showAsReplacementCharacters() {
        assertThat(LogText.escape(new byte[] {'o', 'k', (byte) 0xff, 0x1b})).isEqualTo("ok\uFFFD\\x1b");
    }

    @Test
    void escape_buffer_leavesItUnread_andCutsLongOnes() {
        ByteBuf buf = Unpooled.copiedBuffer("line\r\n" + "y".repeat(300), StandardCharsets.UTF_8);
        String text = LogText.escape(buf);
        assertThat(text).startsWith("line\\r\\nyyy").endsWith("...(306 bytes in all)");
        assertThat(buf.readerIndex()).isZero();
        buf.release();
    }

    @Test
    void escape_null_saysNull() {
        assertThat(LogText.escape((CharSequence) null)).isEqualTo("null");
    }
}
