package io.iotgw.gateway.readings;

/**
 * Which values are numbers: JSON's number grammar ({@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}),
 * at most {@value #MAX_LENGTH} characters, and small enough for a double. Anything else a device sends
 * ({@code +1}, {@code 007}, {@code 0x1F}, {@code .5}, {@code NaN}, {@code inf}, {@code 1e999}) stays text, so
 * that every consumer, whatever its JSON library, reads the number the device meant.
 */
final class Numbers {

    static final int MAX_LENGTH = 32;

    private Numbers() {
    }

    static boolean isNumber(char[] c, int offset, int length) {
        if (length < 1 || length > MAX_LENGTH) {
            return false;
        }
        int i = offset;
        int end = offset + length;
        if (c[i] == '-') {
            i++;
        }
        if (i == end) {
            return false;
        }
        if (c[i] == '0') {
            i++;
        } else if (isDigit(c[i])) {
            i = digits(c, i, end);
        } else {
            return false;
        }
        if (i < end && c[i] == '.') {
            int fraction = i + 1;
            i = digits(c, fraction, end);
            if (i == fraction) {
                return false;
            }
        }
        boolean exponent = i < end && (c[i] == 'e' || c[i] == 'E');
        if (exponent) {
            i++;
            if (i < end && (c[i] == '+' || c[i] == '-')) {
                i++;
            }
            int first = i;
            i = digits(c, first, end);
            if (i == first) {
                return false;
            }
        }
        // Without an exponent, 32 characters cannot overflow a double; with one, ask the JDK (rare).
        return i == end && (!exponent || Double.isFinite(Double.parseDouble(new String(c, offset, length))));
    }

    private static int digits(char[] c, int from, int end) {
        int i = from;
        while (i < end && isDigit(c[i])) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }
}
