package io.iotgw.gateway.echo;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** The {@code HELLO <device-id>} line a device may send first to name itself. */
public final class Hello {

    public static final String PREFIX = "HELLO ";
    /** Device ids are safe as one MQTT topic level and in file names. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** The longest HELLO line, with a CR and some trailing blanks. */
    public static final int MAX_LINE_BYTES = PREFIX.length() + 64 + 8;

    private Hello() {
    }

    /** True if the line starts with the HELLO keyword, valid id or not. */
    public static boolean isHello(ByteBuf line) {
        int n = PREFIX.length();
        return line.readableBytes() >= n && line.toString(line.readerIndex(), n, StandardCharsets.US_ASCII).equals(PREFIX);
    }

    /** The device id a HELLO line names, or {@code null} when the line is no valid HELLO. */
    public static String deviceId(ByteBuf line) {
        if (!isHello(line) || line.readableBytes() > MAX_LINE_BYTES) {
            return null;
        }
        String id = line.toString(line.readerIndex() + PREFIX.length(), line.readableBytes() - PREFIX.length(),
                StandardCharsets.US_ASCII).strip();
        return DEVICE_ID.matcher(id).matches() ? id : null;
    }
}
