package io.iotgw.gateway.log;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Text from outside the gateway (device ids, lines, HELLOs, downlink topics) made safe for a log:
 * control characters, line and paragraph separators and invisible format characters (bidi
 * overrides) are escaped, a backslash is doubled so an escape cannot be forged, and the text is
 * cut to a length a log line can carry. {@code "ok\u001b[2J\rERROR"} becomes {@code ok\x1b[2J\rERROR}.
 * Invalid UTF-8 shows as U+FFFD.
 */
public final class LogText {

    /** Enough to recognise what was sent; the rest is counted, not shown. */
    public static final int DEFAULT_MAX_CHARS = 200;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private LogText() {
    }

    public static String escape(CharSequence text) {
        return escape(text, DEFAULT_MAX_CHARS);
    }

    public static String escape(byte[] bytes) {
        int n = Math.min(bytes.length, DEFAULT_MAX_CHARS);
        return escapeBytes(new String(bytes, 0, n, StandardCharsets.UTF_8), bytes.length);
    }

    /** The buffer's readable bytes, left unread. */
    public static String escape(ByteBuf bytes) {
        int n = Math.min(bytes.readableBytes(), DEFAULT_MAX_CHARS);
        return escapeBytes(bytes.toString(bytes.readerIndex(), n, StandardCharsets.UTF_8), bytes.readableBytes());
    }

    private static String escapeBytes(String decoded, int totalBytes) {
        StringBuilder out = new StringBuilder();
        appendEscaped(out, decoded, decoded.length());
        return totalBytes > DEFAULT_MAX_CHARS ? out.append("...(").append(totalBytes).append(" bytes in all)").toString()
                : out.toString();
    }

    public static String escape(CharSequence text, int maxChars) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        int taken = appendEscaped(out, text, maxChars);
        if (taken < text.length()) {
            out.append("...(").append(text.length() - taken).append(" more characters)");
        }
        return out.toString();
    }

    /** Appends up to about {@code maxChars} of {@code text}, escaped; returns how many chars it took. */
    private static int appendEscaped(StringBuilder out, CharSequence text, int maxChars) {
        int shown = Math.min(text.length(), maxChars);
        int i = 0;
        for (; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else if (needsEscape(text, i, c)) {
                out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
                if (Character.isHighSurrogate(c)) {
                    out.append(text.charAt(++i)); // the low half of a valid pair (checked above)
                }
            }
        }
        return i;
    }

    private static boolean needsEscape(CharSequence text, int i, char c) {
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return true; // a low half without its high half
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
