package io.iotgw.gateway.readings;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code key=value key=value} form, read straight from the line's bytes in two passes: the
 * first checks every token and notes where it is, the second writes the fields, so that a line
 * that turns out not to be a reading writes nothing. Keys come from a small cache, so the usual
 * lines (the same keys again and again) allocate nothing. Owned by one thread (the publisher's).
 */
final class KeyValueReading {

    private static final int KEY_CACHE_SIZE = 512;

    private final String[] keyCache = new String[KEY_CACHE_SIZE];
    private final KeySet seen = new KeySet();
    private final char[] number = new char[Numbers.MAX_LENGTH];
    private String[] keys = new String[16];
    private int[] valueStarts = new int[16];
    private int[] valueEnds = new int[16];
    private boolean[] numeric = new boolean[16];

    /** @param from the first byte that is not blank */
    boolean write(byte[] line, int from, JsonGenerator out, List<String> numericKeys) throws IOException {
        int count = scan(line, from);
        if (count < 0) {
            return false;
        }
        out.writeFieldName("fields");
        out.writeStartObject();
        for (int t = 0; t < count; t++) {
            out.writeFieldName(keys[t]);
            int start = valueStarts[t];
            int length = valueEnds[t] - start;
            if (numeric[t]) {
                copyAscii(line, start, length);
                out.writeNumber(number, 0, length);
                numericKeys.add(keys[t]);
            } else {
                out.writeUTF8String(line, start, length);
            }
        }
        out.writeEndObject();
        return true;
    }

    /** The number of pairs, or -1 when the line is not a reading. */
    private int scan(byte[] line, int from) {
        seen.clear();
        int n = line.length;
        int count = 0;
        int i = from;
        while (i < n) {
            int keyStart = i;
            int hash = 0;
            while (i < n && line[i] != '=') {
                if (!Keys.isKeyByte(line[i])) {
                    return -1; // a blank before '=' (a token without one) or a byte keys do not have
                }
                hash = 31 * hash + line[i];
                i++;
            }
            int keyLength = i - keyStart;
            if (i == n || keyLength == 0 || keyLength > Keys.MAX_LENGTH) {
                return -1;
            }
            String key = key(line, keyStart, keyLength, hash);
            if (!seen.add(key)) {
                return -1;
            }
            int valueStart = ++i;
            while (i < n && !isBlank(line[i])) {
                i++;
            }
            record(count++, key, valueStart, i, isNumber(line, valueStart, i - valueStart));
            i = skipBlanks(line, i);
        }
        return count;
    }

    private void record(int t, String key, int valueStart, int valueEnd, boolean isNumber) {
        if (t == keys.length) {
            keys = Arrays.copyOf(keys, t * 2);
            valueStarts = Arrays.copyOf(valueStarts, t * 2);
            valueEnds = Arrays.copyOf(valueEnds, t * 2);
            numeric = Arrays.copyOf(numeric, t * 2);
        }
        keys[t] = key;
        valueStarts[t] = valueStart;
        valueEnds[t] = valueEnd;
        numeric[t] = isNumber;
    }

    private String key(byte[] line, int start, int length, int hash) {
        int slot = (hash ^ (hash >>> 16)) & (KEY_CACHE_SIZE - 1);
        String cached = keyCache[slot];
        if (cached != null && sameAscii(cached, line, start, length)) {
            return cached;
        }
        String key = new String(line, start, length, StandardCharsets.US_ASCII);
        keyCache[slot] = key;
        return key;
    }

    private boolean isNumber(byte[] line, int start, int length) {
        if (length < 1 || length > Numbers.MAX_LENGTH || !(line[start] == '-' || (line[start] >= '0' && line[start] <= '9'))) {
            return false;
        }
        for (int i = start; i < start + length; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        copyAscii(line, start, length);
        return Numbers.isNumber(number, 0, length);
    }

    private void copyAscii(byte[] line, int start, int length) {
        for (int i = 0; i < length; i++) {
            number[i] = (char) line[start + i];
        }
    }

    private static boolean sameAscii(String s, byte[] line, int start, int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) != line[start + i]) {
                return false;
            }
        }
        return true;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    static int skipBlanks(byte[] line, int from) {
        int i = from;
        while (i < line.length && isBlank(line[i])) {
            i++;
        }
        return i;
    }
}
