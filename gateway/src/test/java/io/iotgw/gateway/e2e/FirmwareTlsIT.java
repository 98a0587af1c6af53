package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotgw.gateway.auth.CredentialsFile;
import io.iotgw.gateway.auth.TokenHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ESP32 sketch's host build over TLS (its NetworkClientSecure on OpenSSL, with sanitizers)
 * against a TLS echo server made of socat, with certificates made by openssl: the right CA works
 * and the device token goes in HELLO without ever being printed; a certificate from another CA,
 * or an expired one, is refused and the device says why. Then the same sketch against the real
 * gateway's TLS port with device credentials: its token proves its id, a wrong one never gets in.
 */
class FirmwareTlsIT {

    private static final String TOKEN = "s3cr3t-T0ken_for+tests";

    @TempDir
    Path dir;

    private Path binary;
    private OpensslPki pki;
    private final List<Process> devices = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        binary = Requirements.firmwareHostBuild();
        pki = OpensslPki.create(dir);
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : devices) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Path firmware(int port, Path ca) throws IOException {
        return firmware(port, ca, dir.resolve("token"));
    }

    private Path firmware(int port, Path ca, Path token) throws IOException {
        Path log = dir.resolve("firmware-" + devices.size() + ".out");
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--gateway", "127.0.0.1:" + port, "--id", "esp-tls",
                "--ca", ca.toString(), "--token-file", token.toString(), "--interval-ms", "200",
                "--backoff-cap-ms", "1000").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0");
        devices.add(builder.start());
        return log;
    }

    private static String text(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private Process stopped(int index) throws InterruptedException {
        Process p = devices.get(index);
        p.destroy();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    @Test
    void rightCa_theLinkComesUpOverTls_andTheTokenGoesInHello_neverIntoTheOutput() throws Exception {
        try (SocatTlsEcho server = SocatTlsEcho.start(dir, pki.serverCert, pki.serverKey)) {
            Path log = firmware(server.port(), pki.caCert);
            await().atMost(Duration.ofSeconds(30)).until(() -> text(log).contains("gateway: online (127.0.0.1:"));
            await().atMost(Duration.ofSeconds(30)).until(() -> server.received().stream().filter(l -> l.startsWith("n=")).count() >= 5);
            assertThat(server.received().get(0)).isEqualTo("HELLO esp-tls " + TOKEN);
            Process p = stopped(0);
            String out = text(log);
            assertThat(p.exitValue()).as("exit code; output:%n%s", out).isZero();
            assertThat(out).contains("over TLS, with a token").doesNotContain(TOKEN)
                    .doesNotContain("AddressSanitizer").doesNotContain("runtime error").doesNotContain("LeakSanitizer");
            String status = out.lines().filter(l -> l.startsWith("status:")).reduce((a, b) -> b).orElseThrow();
            assertThat(status).contains("echo_mismatches=0").doesNotContain("echoed=0 ");
        }
    }

    @Test
    void certificateFromAnotherCa_isRefused_andTheDeviceSaysWhy() throws Exception {
        try (SocatTlsEcho server = SocatTlsEcho.start(dir, pki.serverCert, pki.serverKey)) {
            Path log = firmware(server.port(), pki.otherCaCert);
            await().atMost(Duration.ofSeconds(30)).until(() -> text(log).lines()
                    .filter(l -> l.startsWith("gateway: cannot connect to 127.0.0.1:")).count() >= 2);
            assertThat(text(log)).contains("unable to get local issuer certificate").doesNotContain("gateway: online");
            assertThat(server.received()).as("nothing sent over a refused connection").isEmpty();
            assertThat(stopped(0).exitValue()).isZero();
            assertThat(text(log)).doesNotContain(TOKEN).doesNotContain("AddressSanitizer").doesNotContain("LeakSanitizer");
        }
    }

    @Test
    void expiredCertificate_isRefused_andTheDeviceSaysWhy() throws Exception {
        try (SocatTlsEcho server = SocatTlsEcho.start(dir, pki.expiredCert, pki.serverKey)) {
            Path log = firmware(server.port(), pki.caCert);
            await().atMost(Duration.ofSeconds(30)).until(() -> text(log).contains("certificate has expired"));
            assertThat(text(log)).doesNotContain("gateway: online");
            assertThat(server.received()).isEmpty();
            assertThat(stopped(0).exitValue()).isZero();
        }
    }

    @Test
    void realGateway_tlsPortWithCredentials_theTokenProvesTheDevice_aWrongOneNeverGetsIn() throws Exception {
        Path credentials = dir.resolve("devices");
        CredentialsFile.add(credentials, "esp-tls", TokenHash.of(TOKEN, new SecureRandom()), false);
        Files.writeString(dir.resolve("wrong-token"), "not-its-token\n");
        try (GatewayProcess gateway = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", "off",
                "--tls-port", "0", "--tls-cert", pki.serverCert.toString(), "--tls-key", pki.serverKey.toString(),
                "--auth", "required", "--credentials", credentials.toString(), "--http-port", "0")) {
            ObserveHttp http = ObserveHttp.of(gateway);
            Path log = firmware(gateway.tlsPort(), pki.caCert);
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().stream()
                    .anyMatch(l -> l.endsWith(" is esp-tls (proven)")));

            Path wrong = firmware(gateway.tlsPort(), pki.caCert, dir.resolve("wrong-token"));
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().stream()
                    .anyMatch(l -> l.contains("device esp-tls from 127.0.0.1 refused: wrong token")));
            long linesAtRefusal = linesIn(http, "esp-tls");
            await().atMost(Duration.ofSeconds(60)).until(() -> linesIn(http, "esp-tls") > linesAtRefusal + 3);
            JsonNode device = deviceRow(http, "esp-tls");
            assertThat(device.path("tls").asBoolean()).isTrue();
            assertThat(device.path("authenticated").asBoolean()).isTrue();
            assertThat(stopped(1).exitValue()).isZero();
            Process p = stopped(0);
            String out = text(log);
            assertThat(p.exitValue()).as("exit code; output:%n%s", out).isZero();
            String status = out.lines().filter(l -> l.startsWith("status:")).reduce((a, b) -> b).orElseThrow();
            assertThat(status).contains("echo_mismatches=0");
            assertThat(text(wrong)).doesNotContain("not-its-token").doesNotContain("AddressSanitizer");
            assertThat(echoed(wrong)).as("the wrong token got nothing echoed").isZero();
            assertThat(gateway.output()).noneMatch(l -> l.contains("reconnected from"))
                    .noneMatch(l -> l.contains(TOKEN) || l.contains("not-its-token"));
        }
    }

    private static JsonNode deviceRow(ObserveHttp http, String id) throws Exception {
        for (JsonNode d : http.json("/api/devices")) {
            if (id.equals(d.path("id").asText())) {
                return d;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Lines the gateway has received from the device on its connection now. */
    private static long linesIn(ObserveHttp http, String id) throws Exception {
        return deviceRow(http, id).path("lines_in").asLong();
    }

    /** The echoed count of the device's last status line, 0 before one. */
    private static long echoed(Path log) throws IOException {
        return text(log).lines().filter(l -> l.startsWith("status:")).reduce((a, b) -> b)
                .map(l -> java.util.regex.Pattern.compile("echoed=(\\d+)").matcher(l))
                .filter(java.util.regex.Matcher::find).map(m -> Long.parseLong(m.group(1))).orElse(0L);
    }
}
