package io.iotgw.gateway.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A device token's salted hash in {@code mosquitto_passwd}'s {@code $7$} format:
 * {@code $7$<iterations>$<base64 salt>$<base64 PBKDF2-HMAC-SHA512>}, so a file Mosquitto's tool
 * wrote is read here too. Tokens are random secrets the gateway generates (192 bits), not
 * passwords a person picks: no number of iterations is needed to make guessing them hopeless, so
 * the count is Mosquitto's own default (101), which keeps ten thousand devices reconnecting at once
 * cheap to verify on a Raspberry Pi. The hash is only there so that the file never holds a token.
 */
public final class TokenHash {

    public static final String PREFIX = "$7$";
    public static final int ITERATIONS = 101;
    public static final int SALT_BYTES = 12;
    static final int HASH_BYTES = 64;
    /** A line asking for more would make each verification a denial of service on a small machine. */
    static final int MAX_ITERATIONS = 100_000;
    private static final String ALGORITHM = "PBKDF2WithHmacSHA512";

    private final int iterations;
    private final byte[] salt;
    private final byte[] hash;

    private TokenHash(int iterations, byte[] salt, byte[] hash) {
        this.iterations = iterations;
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes a new token with a fresh salt. */
    public static TokenHash of(String token, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return new TokenHash(ITERATIONS, salt, pbkdf2(token, salt, ITERATIONS, HASH_BYTES));
    }

    /**
     * Reads the encoded form.
     *
     * @throws IllegalArgumentException saying what is wrong with it (never quoting it)
     */
    public static TokenHash parse(String encoded) {
        if (!encoded.startsWith("$")) {
            throw new IllegalArgumentException("no hash (a line is <device-id>:$7$...)");
        }
        if (!encoded.startsWith(PREFIX)) {
            String type = encoded.length() > 2 && encoded.indexOf('$', 1) > 0
                    ? encoded.substring(0, encoded.indexOf('$', 1) + 1) : "$?";
            throw new IllegalArgumentException("hash type " + type + " is not supported (only $7$, PBKDF2-SHA512)");
        }
        String[] parts = encoded.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("a $7$ hash has three fields: iterations, salt and hash");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations must be a number");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be from 1 to " + MAX_ITERATIONS + ", got " + iterations);
        }
        byte[] salt;
        byte[] hash;
        try {
            salt = Base64.getDecoder().decode(parts[1]);
            hash = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("salt and hash must be base64");
        }
        if (salt.length < 8 || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException("the salt must be at least 8 bytes and the hash " + HASH_BYTES);
        }
        return new TokenHash(iterations, salt, hash);
    }

    /** Whether the token is the one hashed; takes as long whatever the token (constant-time compare). */
    public boolean matches(String token) {
        return MessageDigest.isEqual(pbkdf2(token, salt, iterations, hash.length), hash);
    }

    public String encoded() {
        Base64.Encoder b64 = Base64.getEncoder();
        return PREFIX + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    static byte[] pbkdf2(String secret, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "TokenHash[$7$" + iterations + "$...]";
    }
}
