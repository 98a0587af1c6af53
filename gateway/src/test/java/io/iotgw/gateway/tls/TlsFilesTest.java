package io.iotgw.gateway.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotgw.gateway.StartupException;
import io.iotgw.gateway.config.TlsConfig;
import io.iotgw.gateway.e2e.Pki;
import io.iotgw.gateway.log.LogCapture;
import io.iotgw.gateway.watch.FileWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the TLS port's PEM files: what works, and the one line for each way it does not. */
class TlsFilesTest {

    @TempDir
    static Path dir;
    private static Pki pki;
    private static Pki.Issued good;
    private static Pki.Issued other;

    @BeforeAll
    static void certificates() throws Exception {
        pki = Pki.create(dir, "files");
        good = pki.server("gateway");
        other = pki.server("other");
    }

    private static TlsConfig config(Path cert, Path key) {
        return new TlsConfig(0, cert, key, Optional.empty(), Duration.ofSeconds(10));
    }

    @Test
    void load_ecCertificateAndKey_describesTheCertificate() throws Exception {
        TlsFiles.Loaded loaded = TlsFiles.load(config(good.certificate(), good.key()), Instant.now());
        assertThat(loaded.description()).startsWith("certificate CN=gateway valid until ").doesNotContain("EXPIRED");
        assertThat(loaded.context().isServer()).isTrue();
    }

    @Test
    void load_rsaCertificateAndKey_works() throws Exception {
        Path key = dir.resolve("rsa.key");
        Path cert = dir.resolve("rsa.pem");
        pki.run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", cert.toString(),
                "-days", "1", "-subj", "/CN=rsa-gateway");
        assertThat(TlsFiles.load(config(cert, key), Instant.now()).description()).startsWith("certificate CN=rsa-gateway");
    }

    @Test
    void load_expiredCertificate_isUsedButSaidToBeExpired() throws Exception {
        Pki.Issued expired = pki.expired("old-gateway");
        assertThat(TlsFiles.load(config(expired.certificate(), expired.key()), Instant.now()).description())
                .contains("(EXPIRED: devices will refuse it)");
    }

    @Test
    void load_keyOfAnotherCertificate_isRefused() {
        assertThatThrownBy(() -> TlsFiles.load(config(good.certificate(), other.key()), Instant.now()))
                .hasMessage("tls-key " + other.key() + " is not the key of the certificate in tls-cert " + good.certificate());
    }

    @Test
    void load_traditionalEcKey_saysHowToConvertIt() throws Exception {
        Path sec1 = dir.resolve("sec1.key");
        pki.run("pkey", "-in", good.key().toString(), "-traditional", "-out", sec1.toString());
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThatThrownBy(() -> TlsFiles.load(config(good.certificate(), sec1), Instant.now()))
                .hasMessage("tls-key " + sec1 + " is a 'EC' key; it must be PKCS#8 (-----BEGIN PRIVATE KEY-----), "
                        + "unencrypted: convert it with 'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem'");
    }

    @Test
    void load_missingOrDamagedFiles_sayWhichAndWhat() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nbm9wZQ==\n-----END CERTIFICATE-----\n");
        Path truncatedKey = Files.writeString(dir.resolve("truncated.key"),
                Files.readString(good.key()).substring(0, 60) + "\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsFiles.load(config(dir.resolve("none.pem"), good.key()), Instant.now()))
                .hasMessage("tls-cert " + dir.resolve("none.pem") + " does not exist");
        assertThatThrownBy(() -> TlsFiles.load(config(garbage, good.key()), Instant.now()))
                .hasMessageStartingWith("tls-cert " + garbage + " must be PEM certificates (-----BEGIN CERTIFICATE-----): ");
        assertThatThrownBy(() -> TlsFiles.load(config(good.certificate(), good.certificate()), Instant.now()))
                .hasMessage("tls-key " + good.certificate() + " must be a PEM private key (-----BEGIN PRIVATE KEY-----)");
        assertThatThrownBy(() -> TlsFiles.load(config(good.certificate(), truncatedKey), Instant.now()))
                .hasMessageStartingWith("tls-key " + truncatedKey + " is damaged");
    }

    @Test
    void start_withAnUnusableFile_stopsTheGatewayWithTheLine() {
        try (FileWatcher watcher = new FileWatcher(Duration.ofHours(1))) {
            assertThatThrownBy(() -> DeviceTls.start(config(good.certificate(), other.key()), watcher))
                    .isInstanceOf(StartupException.class).hasMessageContaining("is not the key of the certificate");
        }
    }

    @Test
    void reload_ofBrokenFiles_keepsTheContextReadBefore_andSaysWhy() throws Exception {
        Path cert = dir.resolve("live.pem");
        Path key = dir.resolve("live.key");
        Files.copy(good.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(good.key(), key, StandardCopyOption.REPLACE_EXISTING);
        try (FileWatcher watcher = new FileWatcher(Duration.ofHours(1)); LogCapture log = LogCapture.of(DeviceTls.class)) {
            DeviceTls tls = DeviceTls.start(config(cert, key), watcher);
            tls.close(); // only its files matter here
            Files.copy(other.certificate(), cert, StandardCopyOption.REPLACE_EXISTING); // the new key is not there yet
            tls.reload();
            assertThat(log.messages()).last().asString().startsWith("TLS files changed but cannot be used (tls-key " + key
                    + " is not the key of the certificate").endsWith("new connections still get the certificate read before");
            Files.copy(other.key(), key, StandardCopyOption.REPLACE_EXISTING);
            tls.reload();
            assertThat(log.messages()).last().asString().startsWith("TLS files changed: new connections get certificate CN=other");
        }
    }
}
