package io.iotgw.gateway.readings;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a device line as a reading and writes its {@code "fields":{…}} into the envelope being
 * generated: either {@code key=value} pairs separated by blanks, or one JSON object (the README has
 * the exact contract). A line that is neither writes nothing. It also tells which keys had numbers
 * (for Home Assistant discovery), as canonical strings that stay the same from line to line.
 *
 * <p>It runs for every line on the publishing thread, so it parses the bytes in place, without a
 * regular expression and, for the usual lines, without allocating. Not thread-safe: one per
 * publisher thread, which owns it.
 */
public final class ReadingParser {

    private final KeyValueReading keyValues = new KeyValueReading();
    private final JsonReading json = new JsonReading();
    private final ArrayList<String> numericKeys = new ArrayList<>();
    private final List<String> numericKeysView = Collections.unmodifiableList(numericKeys);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer decoded = CharBuffer.allocate(256);

    /**
     * Writes the line's fields as the generator's next object field, {@code "fields"}.
     *
     * @return true when the line is a reading and the field was written
     */
    public boolean writeFields(byte[] line, JsonGenerator out) throws IOException {
        numericKeys.clear();
        int start = KeyValueReading.skipBlanks(line, 0);
        if (start == line.length || !isUtf8(line)) {
            return false;
        }
        return line[start] == '{' ? json.write(line, start, out, numericKeys)
                : keyValues.write(line, start, out, numericKeys);
    }

    /** The keys whose values were numbers on the last line, in line order; valid until the next call. */
    public List<String> numericKeys() {
        return numericKeysView;
    }

    private boolean isUtf8(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] >= 0) {
            i++;
        }
        if (i == line.length) {
            return true; // ASCII, as almost every reading is
        }
        if (decoded.capacity() < line.length) {
            decoded = CharBuffer.allocate(line.length);
        }
        decoded.clear();
        CoderResult result = utf8.reset().decode(ByteBuffer.wrap(line), decoded, true);
        return !result.isError() && !utf8.flush(decoded).isError();
    }
}
