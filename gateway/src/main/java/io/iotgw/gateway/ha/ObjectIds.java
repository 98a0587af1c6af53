package io.iotgw.gateway.ha;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids for discovery topics, where Home Assistant allows only {@code [a-zA-Z0-9_-]} (discovery.py's
 * TOPIC_MATCHER). Parts are joined with {@code _}: {@code esp32-01_temp}. Where that would lose
 * something (a {@code .}, which topics do not take, or an {@code _} that makes the parts ambiguous,
 * as {@code a_b}+{@code c} and {@code a}+{@code b_c}), the readable form gets an {@code _} and eight hex
 * digits of the parts' SHA-256, so different parts never share a topic.
 */
final class ObjectIds {

    private static final int HASH_HEX_DIGITS = 8;

    private ObjectIds() {
    }

    static String of(String... parts) {
        String joined = String.join("_", parts);
        if (isPlain(parts) && !endsLikeAHash(joined)) {
            return joined;
        }
        StringBuilder id = new StringBuilder(joined.length() + 1 + HASH_HEX_DIGITS);
        for (int i = 0; i < joined.length(); i++) {
            char c = joined.charAt(i);
            id.append(isIdChar(c) ? c : '_');
        }
        return id.append('_').append(hash(String.join("/", parts))).toString();
    }

    /** Every part of allowed characters, and no {@code _} but in the last part. */
    private static boolean isPlain(String[] parts) {
        for (int p = 0; p < parts.length; p++) {
            String part = parts[p];
            for (int i = 0; i < part.length(); i++) {
                char c = part.charAt(i);
                if (!isIdChar(c) || (c == '_' && p < parts.length - 1)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A plain id that ends like a hashed one is hashed too, so the two kinds never meet. */
    private static boolean endsLikeAHash(String id) {
        int start = id.length() - HASH_HEX_DIGITS;
        if (start < 1 || id.charAt(start - 1) != '_') {
            return false;
        }
        for (int i = start; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_HEX_DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
