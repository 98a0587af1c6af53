package io.iotgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.StartupException;
import io.iotgw.gateway.auth.Verdict.Outcome;
import io.iotgw.gateway.config.AuthConfig;
import io.iotgw.gateway.log.LogCapture;
import io.iotgw.gateway.watch.FileWatcher;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceAuthenticatorTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN = "right-token";
    private static final Credentials LISTED = Credentials.parse(List.of("pump-1:" + TokenHash.of(TOKEN, RANDOM).encoded(),
            "broken-1:$7$damaged"));
    private static final InetAddress ATTACKER = address("192.168.1.66");
    private static final InetAddress DEVICE = address("192.168.1.20");

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final ExecutorService verifier = Executors.newSingleThreadExecutor();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        verifier.shutdownNow();
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DeviceAuthenticator authenticator(AuthPolicy policy) {
        return new DeviceAuthenticator(policy, LISTED, verifier, now::get);
    }

    private static Verdict get(java.util.concurrent.CompletableFuture<Verdict> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static String nullable(String s) {
        return "-".equals(s) ? null : s;
    }

    @ParameterizedTest(name = "{0}: HELLO {1} {2} -> {3}")
    @CsvSource({
            "OFF,      pump-1,   -,           UNPROVEN",
            "OFF,      pump-1,   wrong,       UNPROVEN",
            "OFF,      stranger, -,           UNPROVEN",
            "OPTIONAL, pump-1,   right-token, PROVEN",
            "OPTIONAL, pump-1,   wrong,       WRONG_TOKEN",
            "OPTIONAL, pump-1,   -,           MISSING_TOKEN",
            "OPTIONAL, broken-1, right-token, WRONG_TOKEN",
            "OPTIONAL, stranger, -,           UNPROVEN",
            "OPTIONAL, stranger, some-token,  UNLISTED",
            "REQUIRED, pump-1,   right-token, PROVEN",
            "REQUIRED, pump-1,   wrong,       WRONG_TOKEN",
            "REQUIRED, pump-1,   -,           MISSING_TOKEN",
            "REQUIRED, broken-1, right-token, WRONG_TOKEN",
            "REQUIRED, stranger, -,           UNLISTED",
            "REQUIRED, stranger, some-token,  UNLISTED"})
    void verify_followsThePolicyTable(AuthPolicy policy, String id, String token, Outcome expected) throws Exception {
        Verdict v = get(authenticator(policy).verify(id, nullable(token), DEVICE, null));
        assertThat(v.outcome()).isEqualTo(expected);
        assertThat(v.deviceId()).isEqualTo(id);
        assertThat(v.accepted()).isEqualTo(expected == Outcome.PROVEN || expected == Outcome.UNPROVEN);
    }

    @ParameterizedTest
    @CsvSource({"OFF", "OPTIONAL", "REQUIRED"})
    void verify_clientCertificate_provesItsOwnIdOnly_underEveryPolicy(AuthPolicy policy) throws Exception {
        DeviceAuthenticator auth = authenticator(policy);
        assertThat(get(auth.verify("pump-1", null, DEVICE, "pump-1"))).isEqualTo(new Verdict(Outcome.PROVEN, "pump-1"));
        assertThat(get(auth.verify("pump-1", TOKEN, DEVICE, "esp32-07")).outcome()).isEqualTo(Outcome.CERTIFICATE_MISMATCH);
        assertThat(auth.verifyAddressNamed("10.0.0.1-5000", DEVICE, "esp32-07")).isEqualTo(new Verdict(Outcome.PROVEN, "esp32-07"));
    }

    @Test
    void verifyAddressNamed_refusedOnlyWhenRequired() {
        assertThat(authenticator(AuthPolicy.OFF).verifyAddressNamed("10.0.0.1-5000", DEVICE, null))
                .isEqualTo(new Verdict(Outcome.UNPROVEN, "10.0.0.1-5000"));
        assertThat(authenticator(AuthPolicy.OPTIONAL).verifyAddressNamed("10.0.0.1-5000", DEVICE, null).accepted()).isTrue();
        assertThat(authenticator(AuthPolicy.REQUIRED).verifyAddressNamed("10.0.0.1-5000", DEVICE, null).outcome())
                .isEqualTo(Outcome.MISSING_TOKEN);
    }

    @Test
    void verify_hashing_runsOnTheVerifierNotTheCaller() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        verifier.execute(() -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var pending = authenticator(AuthPolicy.REQUIRED).verify("pump-1", TOKEN, DEVICE, null);
        assertThat(pending).isNotDone(); // the caller (an event loop) was not held up by the hashing
        hold.countDown();
        assertThat(get(pending).outcome()).isEqualTo(Outcome.PROVEN);
    }

    @Test
    void verify_whenTheQueueIsFull_isRefusedBusy_atOnce() throws Exception {
        ThreadPoolExecutor tiny = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        CountDownLatch hold = new CountDownLatch(1);
        try {
            tiny.execute(() -> {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            DeviceAuthenticator auth = new DeviceAuthenticator(AuthPolicy.REQUIRED, LISTED, tiny, now::get);
            var queued = auth.verify("pump-1", TOKEN, DEVICE, null);
            assertThat(get(auth.verify("pump-1", TOKEN, DEVICE, null)).outcome()).isEqualTo(Outcome.BUSY);
            hold.countDown();
            assertThat(get(queued).outcome()).isEqualTo(Outcome.PROVEN);
        } finally {
            hold.countDown();
            tiny.shutdownNow();
        }
    }

    @Test
    void wrongTokens_fromOneAddress_blockItForAMinute_otherAddressesUnaffected() throws Exception {
        DeviceAuthenticator auth = authenticator(AuthPolicy.OPTIONAL);
        for (int i = 0; i < DeviceAuthenticator.MAX_FAILURES; i++) {
            assertThat(get(auth.verify("pump-1", "guess-" + i, ATTACKER, null)).outcome()).isEqualTo(Outcome.WRONG_TOKEN);
        }
        assertThat(get(auth.verify("pump-1", TOKEN, ATTACKER, null)).outcome()).as("even the right token, while blocked")
                .isEqualTo(Outcome.BLOCKED);
        assertThat(auth.refusesAddress(ATTACKER)).isTrue();
        assertThat(auth.refusesAddress(DEVICE)).isFalse();
        assertThat(get(auth.verify("pump-1", TOKEN, DEVICE, null)).outcome()).isEqualTo(Outcome.PROVEN);
        now.addAndGet(DeviceAuthenticator.BLOCK_FOR.toNanos() + 1);
        assertThat(auth.refusesAddress(ATTACKER)).isFalse();
        assertThat(get(auth.verify("pump-1", TOKEN, ATTACKER, null)).outcome()).isEqualTo(Outcome.PROVEN);
    }

    @Test
    void missingTokens_doNotBlock_aDeviceNotYetGivenItsToken() throws Exception {
        DeviceAuthenticator auth = authenticator(AuthPolicy.REQUIRED);
        for (int i = 0; i < 20; i++) {
            assertThat(get(auth.verify("pump-1", null, DEVICE, null)).outcome()).isEqualTo(Outcome.MISSING_TOKEN);
        }
        assertThat(auth.refusesAddress(DEVICE)).isFalse();
    }

    @Test
    void failuresSpreadOverMoreThanAWindow_doNotBlock() throws Exception {
        DeviceAuthenticator auth = authenticator(AuthPolicy.REQUIRED);
        for (int i = 0; i < 3 * DeviceAuthenticator.MAX_FAILURES; i++) {
            get(auth.verify("pump-1", "guess", ATTACKER, null));
            now.addAndGet(DeviceAuthenticator.FAILURE_WINDOW.toNanos() / (DeviceAuthenticator.MAX_FAILURES - 2));
        }
        assertThat(auth.refusesAddress(ATTACKER)).isFalse();
    }

    @Test
    void refusals_areCounted_andLoggedAtABoundedRate_neverWithTheToken() throws Exception {
        DeviceAuthenticator auth = authenticator(AuthPolicy.REQUIRED);
        try (LogCapture log = LogCapture.of(DeviceAuthenticator.class)) {
            for (int i = 0; i < 1000; i++) {
                get(auth.verify("pump-1", "s3cret-guess", address("10.1." + (i / 250) + "." + (i % 250)), null));
            }
            get(auth.verify("evil\u001b[2J", "s3cret-guess", DEVICE, null));
            assertThat(auth.count(Outcome.WRONG_TOKEN)).isEqualTo(1000);
            assertThat(auth.count(Outcome.UNLISTED)).isEqualTo(1);
            assertThat(log.messages()).hasSizeLessThanOrEqualTo(2).noneMatch(m -> m.contains("s3cret"));
            now.addAndGet(DeviceAuthenticator.LOG_INTERVAL.toNanos());
            get(auth.verify("evil\u001b[2J", "s3cret-guess", DEVICE, null));
            assertThat(log.messages()).last().asString()
                    .isEqualTo("device evil\\x1b[2J from 192.168.1.20 refused: its id is not in the credentials file "
                            + "(1002 refused so far) (1000 more like this held back since the last one)");
        }
    }

    @Test
    void mayReceiveDownlinks_listedIdOnlyOnAConnectionThatProvedIt() {
        EmbeddedChannel proven = new EmbeddedChannel();
        EmbeddedChannel unproven = new EmbeddedChannel();
        DeviceProof.set(proven, "pump-1");
        DeviceAuthenticator optional = authenticator(AuthPolicy.OPTIONAL);
        assertThat(optional.mayReceiveDownlinks("pump-1", proven)).isTrue();
        assertThat(optional.mayReceiveDownlinks("pump-1", unproven)).isFalse();
        assertThat(optional.mayReceiveDownlinks("stranger", unproven)).isTrue();
        assertThat(optional.mayReceiveDownlinks("stranger", proven)).as("proof of another id").isTrue();
        assertThat(authenticator(AuthPolicy.REQUIRED).mayReceiveDownlinks("stranger", unproven)).isFalse();
        assertThat(authenticator(AuthPolicy.OFF).mayReceiveDownlinks("pump-1", unproven)).isTrue();
    }

    @Test
    void start_missingFile_listsNoDevice_thenReadsItWhenItAppears() throws Exception {
        Path file = dir.resolve("devices");
        try (FileWatcher watcher = new FileWatcher(Duration.ofMillis(20));
             DeviceAuthenticator auth = DeviceAuthenticator.start(new AuthConfig(AuthPolicy.REQUIRED, Optional.of(file)),
                     100, watcher)) {
            assertThat(get(auth.verify("pump-1", TOKEN, DEVICE, null)).outcome()).isEqualTo(Outcome.UNLISTED);
            CredentialsFile.add(file, "pump-1", TokenHash.of(TOKEN, RANDOM), false);
            await().atMost(Duration.ofSeconds(10)).until(() -> auth.credentials().lists("pump-1"));
            assertThat(get(auth.verify("pump-1", TOKEN, DEVICE, null)).outcome()).isEqualTo(Outcome.PROVEN);
        }
    }

    @Test
    void reload_ofAFileThatIsGone_keepsTheDevicesReadBefore() throws Exception {
        Path file = dir.resolve("devices");
        CredentialsFile.add(file, "pump-1", TokenHash.of(TOKEN, RANDOM), false);
        try (FileWatcher watcher = new FileWatcher(Duration.ofMillis(20));
             DeviceAuthenticator auth = DeviceAuthenticator.start(new AuthConfig(AuthPolicy.OPTIONAL, Optional.of(file)),
                     100, watcher);
             LogCapture log = LogCapture.of(CredentialsLoader.class)) {
            Files.delete(file);
            await().atMost(Duration.ofSeconds(10)).until(() -> log.messages().stream().anyMatch(m -> m.contains("keeping")));
            assertThat(log.messages()).containsExactly("credentials " + file
                    + " changed but cannot be read (it does not exist): keeping the 1 devices read before");
            assertThat(get(auth.verify("pump-1", null, DEVICE, null)).outcome()).isEqualTo(Outcome.MISSING_TOKEN);
        }
    }

    @Test
    void start_unreadableFile_stopsTheGatewayWithOneLine() throws Exception {
        Path notAFile = Files.createDirectory(dir.resolve("devices"));
        try (FileWatcher watcher = new FileWatcher(Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> DeviceAuthenticator.start(new AuthConfig(AuthPolicy.REQUIRED, Optional.of(notAFile)),
                    100, watcher)).isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("credentials " + notAFile + " cannot be read: ");
        }
    }
}
