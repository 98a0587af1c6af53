package io.iotgw.gateway.auth;

import io.iotgw.gateway.device.Hello;
import java.security.SecureRandom;
import java.util.Base64;

/** Device tokens: random secrets the gateway makes, 192 bits as 32 characters of base64url. */
public final class Tokens {

    static final int RANDOM_BYTES = 24;

    private Tokens() {
    }

    public static String newToken(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static boolean wellFormed(String token) {
        return token != null && Hello.TOKEN.matcher(token).matches();
    }
}
