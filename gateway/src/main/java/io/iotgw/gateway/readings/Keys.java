package io.iotgw.gateway.readings;

/** The key alphabet of readings: 1 to {@value #MAX_LENGTH} of {@code A-Z a-z 0-9 _ . -}, the device-id alphabet. */
public final class Keys {

    public static final int MAX_LENGTH = 64;
    private static final boolean[] KEY_BYTE = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            KEY_BYTE[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            KEY_BYTE[c] = true;
            KEY_BYTE[c + ('a' - 'A')] = true;
        }
        KEY_BYTE['_'] = true;
        KEY_BYTE['.'] = true;
        KEY_BYTE['-'] = true;
    }

    private Keys() {
    }

    static boolean isKeyByte(byte b) {
        return b >= 0 && KEY_BYTE[b];
    }

    public static boolean isValid(String key) {
        int n = key.length();
        if (n < 1 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c >= 128 || !KEY_BYTE[c]) {
                return false;
            }
        }
        return true;
    }
}
