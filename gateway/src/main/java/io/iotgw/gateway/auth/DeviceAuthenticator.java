package io.iotgw.gateway.auth;

import io.iotgw.gateway.StartupException;
import io.iotgw.gateway.auth.Verdict.Outcome;
import io.iotgw.gateway.config.AuthConfig;
import io.iotgw.gateway.log.LogText;
import io.iotgw.gateway.log.RateLimitedLog;
import io.iotgw.gateway.watch.FileStamp;
import io.iotgw.gateway.watch.FileWatcher;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Decides whether a connection may use the device id it claims. The table, for a connection that
 * said {@code HELLO <id> [<token>]}:
 *
 * <pre>
 * client certificate (with --tls-client-ca)  names the id: proven; names another: refused (any policy)
 * policy off                                 accepted unproven; a token is ignored
 * policy optional, id listed                 right token: proven; wrong or damaged line: refused; none: refused
 * policy optional, id not listed             no token: accepted unproven; a token: refused (an id not listed
 *                                            has no right token, e.g. a device that was removed)
 * policy required, id listed                 right token: proven; anything else: refused
 * policy required, id not listed             refused
 * </pre>
 *
 * A connection that never says HELLO ({@link #verifyAddressNamed}) is proven by a client
 * certificate, refused under {@code required}, and accepted unproven otherwise.
 *
 * <p>A refusal with a token (or a certificate naming another device) counts against the source
 * address; an address with five within a minute is refused at once for a minute, before any hashing
 * ({@link #refusesAddress} lets a new connection from it be closed on arrival). Refusals are
 * counted by outcome and logged at most once every ten seconds.
 *
 * <p>Verifying a token (PBKDF2) runs on a small bounded executor of its own, never on the caller's
 * thread: {@link #verify} returns at once and completes on that executor, so a session handler
 * hops back to its event loop ({@code future.whenCompleteAsync(..., ctx.executor())}). Everything
 * here is safe to call from any thread; the credentials are an immutable snapshot swapped whole on
 * a reload.
 */
public final class DeviceAuthenticator implements AutoCloseable {

    static final int MAX_FAILURES = 5;
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    static final Duration BLOCK_FOR = Duration.ofMinutes(1);
    static final int MAX_SOURCES = 10_000;
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);

    private final AuthPolicy policy;
    private final ExecutorService verifier;
    private final FailureLimiter failures;
    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final RateLimitedLog refusals;
    private final RateLimitedLog blocks;
    private volatile Credentials credentials;

    /**
     * @param verifier runs the token hashing; a bounded queue makes a flood end in {@link Outcome#BUSY}
     */
    public DeviceAuthenticator(AuthPolicy policy, Credentials credentials, ExecutorService verifier, LongSupplier nanoClock) {
        this.policy = policy;
        this.credentials = credentials;
        this.verifier = verifier;
        this.failures = new FailureLimiter(MAX_FAILURES, FAILURE_WINDOW, BLOCK_FOR, MAX_SOURCES, nanoClock);
        this.refusals = new RateLimitedLog(log, Level.WARN, LOG_INTERVAL, nanoClock);
        this.blocks = new RateLimitedLog(log, Level.WARN, LOG_INTERVAL, nanoClock);
        for (Outcome o : Outcome.values()) {
            counts.put(o, new LongAdder());
        }
    }

    /**
     * The authenticator as the gateway runs it: the credentials file read now and again whenever it
     * changes, and verification threads of its own (half the cores) with room for
     * {@code maxPending} waiting verifications (one per connection at most).
     */
    public static DeviceAuthenticator start(AuthConfig config, int maxPending, FileWatcher watcher) throws StartupException {
        Credentials credentials = Credentials.empty();
        Path file = config.credentials().orElse(null);
        FileStamp stamp = null;
        if (file != null && config.policy() != AuthPolicy.OFF) {
            stamp = FileStamp.of(List.of(file));
            credentials = CredentialsLoader.atStart(file);
        }
        DeviceAuthenticator authenticator = new DeviceAuthenticator(config.policy(), credentials, newVerifier(maxPending),
                System::nanoTime);
        if (stamp != null) {
            watcher.watch(List.of(file), stamp, () -> CredentialsLoader.reload(file, authenticator));
        }
        if (config.policy() != AuthPolicy.OFF) {
            log.info("device authentication {}, credentials {}", config.policy().name().toLowerCase(),
                    file == null ? "none (client certificates only)" : file);
        }
        return authenticator;
    }

    /** The verification threads the gateway runs: half the cores, room for {@code maxPending} waiting. */
    public static ThreadPoolExecutor newVerifier(int maxPending) {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1, maxPending)), new DefaultThreadFactory("iotgw-auth", true));
    }

    /**
     * Decides on a HELLO.
     *
     * @param deviceId      the id the HELLO names
     * @param token         the HELLO's token, or null
     * @param source        the connection's address
     * @param certificateId the id its verified client certificate names, or null (plain port, no client CA)
     */
    public CompletableFuture<Verdict> verify(String deviceId, String token, InetAddress source, String certificateId) {
        if (certificateId != null) {
            boolean same = deviceId.equals(certificateId);
            return done(new Verdict(same ? Outcome.PROVEN : Outcome.CERTIFICATE_MISMATCH, certificateId), source,
                    deviceId, !same);
        }
        if (policy == AuthPolicy.OFF) {
            return done(new Verdict(Outcome.UNPROVEN, deviceId), source, deviceId, false);
        }
        if (failures.blocked(source)) {
            return done(new Verdict(Outcome.BLOCKED, deviceId), source, deviceId, false);
        }
        Credentials listed = credentials;
        if (!listed.lists(deviceId)) {
            boolean refused = policy == AuthPolicy.REQUIRED || token != null;
            return done(new Verdict(refused ? Outcome.UNLISTED : Outcome.UNPROVEN, deviceId), source, deviceId,
                    token != null);
        }
        if (token == null) {
            return done(new Verdict(Outcome.MISSING_TOKEN, deviceId), source, deviceId, false);
        }
        try {
            return CompletableFuture.supplyAsync(() -> {
                boolean right = listed.hashOf(deviceId).map(h -> h.matches(token)).orElse(false);
                return decided(new Verdict(right ? Outcome.PROVEN : Outcome.WRONG_TOKEN, deviceId), source, deviceId, !right);
            }, verifier);
        } catch (RejectedExecutionException e) {
            return done(new Verdict(Outcome.BUSY, deviceId), source, deviceId, false);
        }
    }

    /** Decides on a connection that never said HELLO and goes by its address name. */
    public Verdict verifyAddressNamed(String addressName, InetAddress source, String certificateId) {
        if (certificateId != null) {
            return decided(new Verdict(Outcome.PROVEN, certificateId), source, addressName, false);
        }
        Outcome outcome = policy == AuthPolicy.REQUIRED ? Outcome.MISSING_TOKEN : Outcome.UNPROVEN;
        return decided(new Verdict(outcome, addressName), source, addressName, false);
    }

    /**
     * Checks an accepted verdict against the connection that holds its id now: an unproven one
     * never replaces a connection that proved the id (a device with a client certificate but no
     * listed token, say). Returns the verdict, or a refusal, counted and logged.
     *
     * @param holder the connection holding the id, or null
     */
    public Verdict againstHolder(Verdict verdict, Channel holder, InetAddress source) {
        if (verdict.proven() || holder == null || !DeviceProof.proves(holder, verdict.deviceId())) {
            return verdict;
        }
        return decided(new Verdict(Outcome.HELD_BY_PROVEN, verdict.deviceId()), source, verdict.deviceId(), false);
    }

    /** True while the address is blocked for failing too often: a new connection from it may be closed at once. */
    public boolean refusesAddress(InetAddress source) {
        if (policy == AuthPolicy.OFF || !failures.blocked(source)) {
            return false;
        }
        counts.get(Outcome.BLOCKED).increment();
        return true;
    }

    /** Whether a downlink for {@code deviceId} may be written to the connection that holds that id now. */
    public boolean mayReceiveDownlinks(String deviceId, Channel channel) {
        if (DeviceProof.proves(channel, deviceId)) {
            return true;
        }
        return switch (policy) {
            case OFF -> true;
            case OPTIONAL -> !credentials.lists(deviceId);
            case REQUIRED -> false;
        };
    }

    public AuthPolicy policy() {
        return policy;
    }

    public Credentials credentials() {
        return credentials;
    }

    /** Takes a newly read credentials file (on the watcher's thread). */
    public void replaceCredentials(Credentials next) {
        credentials = next;
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }

    @Override
    public void close() {
        verifier.shutdownNow();
    }

    private CompletableFuture<Verdict> done(Verdict verdict, InetAddress source, String claimed, boolean failure) {
        return CompletableFuture.completedFuture(decided(verdict, source, claimed, failure));
    }

    /** Counts and logs a verdict; a {@code failure} (a wrong proof, not a missing one) counts against the address. */
    private Verdict decided(Verdict verdict, InetAddress source, String claimed, boolean failure) {
        Outcome outcome = verdict.outcome();
        counts.get(outcome).increment();
        if (verdict.accepted()) {
            log.debug("device {} from {}: {}", LogText.escape(claimed, 64), source.getHostAddress(), outcome.reason());
            return verdict;
        }
        refusals.log("device {} from {} refused: {} ({} refused so far)", LogText.escape(claimed, 64),
                source.getHostAddress(), outcome.reason(), refusedSoFar());
        if (failure && failures.failed(source)) {
            blocks.log("address {} failed to prove a device id {} times within {} s: refusing it for {} s",
                    source.getHostAddress(), MAX_FAILURES, FAILURE_WINDOW.toSeconds(), BLOCK_FOR.toSeconds());
        }
        return verdict;
    }

    /** Connections refused so far, for whatever reason. */
    public long refusedSoFar() {
        long n = 0;
        for (Map.Entry<Outcome, LongAdder> e : counts.entrySet()) {
            if (e.getKey() != Outcome.PROVEN && e.getKey() != Outcome.UNPROVEN) {
                n += e.getValue().sum();
            }
        }
        return n;
    }
}
