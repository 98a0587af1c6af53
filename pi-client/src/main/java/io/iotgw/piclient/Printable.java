package io.iotgw.piclient;

/** Text from the network made safe for a log line: control characters escaped, length bounded. */
public final class Printable {

    private static final int MAX_CHARS = 200;

    private Printable() {
    }

    /** E.g. {@code "HELLO \u001b[2J"} becomes {@code HELLO \x1b[2J}; beyond 200 characters, {@code ...}. */
    public static String of(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8);
        for (int i = 0; i < text.length() && i < MAX_CHARS; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\\') {
                out.append(c == '\\' ? "\\\\" : String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return text.length() > MAX_CHARS ? out.append("...").toString() : out.toString();
    }
}
