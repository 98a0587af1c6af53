package io.iotgw.gateway.bench;

import io.iotgw.gateway.auth.AuthPolicy;
import io.iotgw.gateway.auth.Credentials;
import io.iotgw.gateway.auth.DeviceAuthenticator;
import io.iotgw.gateway.auth.TokenHash;
import io.iotgw.gateway.auth.Tokens;
import io.iotgw.gateway.auth.Verdict;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What verifying device tokens costs on this machine: {@code count} devices, each listed with its
 * own token, all saying HELLO at once (as after a gateway restart), verified by the gateway's own
 * authenticator on the threads it would use.
 */
final class TokenLoad {

    private TokenLoad() {
    }

    static String run(int count) throws Exception {
        SecureRandom random = new SecureRandom();
        List<String> lines = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String token = Tokens.newToken(random);
            tokens.add(token);
            lines.add("dev-" + i + ":" + TokenHash.of(token, random).encoded());
        }
        ThreadPoolExecutor verifier = DeviceAuthenticator.newVerifier(count);
        try (DeviceAuthenticator auth = new DeviceAuthenticator(AuthPolicy.REQUIRED, Credentials.parse(lines), verifier,
                System::nanoTime)) {
            InetAddress source = InetAddress.getLoopbackAddress();
            verifyAll(auth, tokens, source); // warm-up: the JIT compiles the hashing
            long start = System.nanoTime();
            long proven = verifyAll(auth, tokens, source);
            double seconds = (System.nanoTime() - start) / 1e9;
            return String.format("verifications=%d proven=%d threads=%d seconds=%.2f verifications_per_s=%.0f "
                            + "us_per_verification_per_thread=%.0f", count, proven, verifier.getCorePoolSize(), seconds,
                    count / seconds, seconds * 1e6 * verifier.getCorePoolSize() / count);
        }
    }

    private static long verifyAll(DeviceAuthenticator auth, List<String> tokens, InetAddress source) {
        List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            verdicts.add(auth.verify("dev-" + i, tokens.get(i), source, null));
        }
        return verdicts.stream().map(CompletableFuture::join).filter(Verdict::proven).count();
    }
}
