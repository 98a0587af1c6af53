package io.iotgw.gateway.device;

import io.iotgw.gateway.log.LogText;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The {@code HELLO <device-id> [<token>]} line a device may send first to name itself; the token
 * proves the id where the gateway has credentials. A token never reaches a log: use {@link #forLog}.
 */
public final class Hello {

    public static final String PREFIX = "HELLO ";
    /** Device ids are safe as one MQTT topic level and in file names. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** Printable ASCII without spaces: the gateway's own tokens are base64url, Mosquitto-made ones anything printable. */
    public static final Pattern TOKEN = Pattern.compile("[!-~]{1,128}");
    /** The longest HELLO line: an id, a token, a CR and some trailing blanks. */
    public static final int MAX_LINE_BYTES = PREFIX.length() + 64 + 1 + 128 + 8;

    /** What a valid HELLO says. */
    public record Claim(String deviceId, String token) {

        public boolean hasToken() {
            return token != null;
        }

        @Override
        public String toString() { // never the token
            return "Claim[" + deviceId + (token == null ? "" : ", with a token") + "]";
        }
    }

    private Hello() {
    }

    /** True if the line starts with the HELLO keyword, valid id or not. */
    public static boolean isHello(ByteBuf line) {
        int n = PREFIX.length();
        return line.readableBytes() >= n && line.toString(line.readerIndex(), n, StandardCharsets.US_ASCII).equals(PREFIX);
    }

    /** The id and token (or null) a HELLO line gives, or {@code null} when the line is no valid HELLO. */
    public static Claim claim(ByteBuf line) {
        if (!isHello(line) || line.readableBytes() > MAX_LINE_BYTES) {
            return null;
        }
        String rest = line.toString(line.readerIndex() + PREFIX.length(), line.readableBytes() - PREFIX.length(),
                StandardCharsets.US_ASCII).strip();
        String[] words = rest.split(" +", -1);
        if (words.length > 2 || !DEVICE_ID.matcher(words[0]).matches()) {
            return null;
        }
        if (words.length == 2 && !TOKEN.matcher(words[1]).matches()) {
            return null;
        }
        return new Claim(words[0], words.length == 2 ? words[1] : null);
    }

    /** The device id a HELLO line names, or {@code null} when the line is no valid HELLO. */
    public static String deviceId(ByteBuf line) {
        Claim claim = claim(line);
        return claim == null ? null : claim.deviceId();
    }

    /** A HELLO line (valid or not) as a log may show it: escaped, and anything after the id hidden. */
    public static String forLog(ByteBuf line) {
        String text = line.toString(line.readerIndex(), Math.min(line.readableBytes(), MAX_LINE_BYTES * 2),
                StandardCharsets.UTF_8).strip();
        int space = text.indexOf(' ', PREFIX.length());
        return space < 0 ? LogText.escape(text, 100)
                : LogText.escape(text.substring(0, space), 100) + " <" + (text.length() - space - 1) + " more characters hidden>";
    }
}
