package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the device port end to end: the packaged jar, certificates made with openssl, and the
 * clients devices use (Python's ssl around the tutorial client, openssl s_client, Java).
 */
class TlsIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static Pki pki;
    private static Pki.Issued server;

    private final List<AutoCloseable> closeLast = new ArrayList<>();

    @BeforeAll
    static void certificates() throws IOException {
        pki = Pki.create(dir, "site");
        server = pki.server("gateway");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
    }

    private GatewayProcess gateway(Pki.Issued cert, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("--tls-port", "0", "--tls-cert", cert.certificate().toString(),
                "--tls-key", cert.key().toString()));
        args.addAll(List.of(more));
        if (!args.contains("--port")) {
            args.addAll(List.of("--port", "0"));
        }
        GatewayProcess g = GatewayProcess.start(JAVA, Map.of(), args.toArray(String[]::new));
        closeLast.add(0, g);
        return g;
    }

    private static Process python(String script, String... args) throws IOException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(Requirements.python3().toString(),
                Path.of(TlsIT.class.getResource("/tutorial/" + script).toURI()).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String finish(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("client finished: %s", out).isTrue();
        return out;
    }

    private static String echo(SSLSocket socket, String line) throws IOException {
        try (EchoClient client = new EchoClient(socket)) {
            return client.roundTrip(line);
        }
    }

    @Test
    void pythonTutorialClient_wrappedInSsl_getsItsEcho() throws Exception {
        GatewayProcess gateway = gateway(server);
        Process client = python("tls_echo_client.py", "127.0.0.1", String.valueOf(gateway.tlsPort()),
                pki.caCertificate().toString());
        assertThat(finish(client)).isEqualTo("Received b'Hello, world' over TLSv1.3\n");
        assertThat(client.exitValue()).isZero();
    }

    @Test
    void opensslSClient_verifiesTheGateway_andEachLineComesBack() throws Exception {
        GatewayProcess gateway = gateway(server);
        Process sClient = new ProcessBuilder(Pki.openssl().toString(), "s_client", "-connect",
                "127.0.0.1:" + gateway.tlsPort(), "-servername", "localhost", "-verify_hostname", "localhost",
                "-CAfile", pki.caCertificate().toString(), "-verify_return_error", "-quiet").start();
        try {
            OutputStream stdin = sClient.getOutputStream();
            stdin.write("HELLO s-client-1\ntemp=21.5\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            String expected = "HELLO s-client-1\ntemp=21.5\n";
            byte[] echoed = sClient.getInputStream().readNBytes(expected.length());
            assertThat(new String(echoed, StandardCharsets.US_ASCII)).isEqualTo(expected);
        } finally {
            sClient.destroy();
            sClient.waitFor(10, TimeUnit.SECONDS);
        }
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("device s-client-1 left")));
    }

    @Test
    void javaClient_tls13AndTls12_bothEcho_andThePlainPortStillServes() throws Exception {
        GatewayProcess gateway = gateway(server);
        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            SSLSocket socket = TestTls.connect(gateway.tlsPort(), pki.caCertificate(), null, protocol);
            assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
            assertThat(echo(socket, "HELLO java-" + protocol.replace('v', '-') + "\nping\n"))
                    .isEqualTo("HELLO java-" + protocol.replace('v', '-') + "\nping\n");
        }
        try (EchoClient plain = new EchoClient(gateway.port())) {
            assertThat(plain.roundTrip("plain\n")).isEqualTo("plain\n");
        }
    }

    @Test
    void clientsTrustingAnotherCa_refuseTheGateway_whichCountsTheFailedHandshake() throws Exception {
        GatewayProcess gateway = gateway(server);
        Pki stranger = Pki.create(dir, "stranger");
        assertThatThrownBy(() -> TestTls.connect(gateway.tlsPort(), stranger.caCertificate(), null, null))
                .isInstanceOf(SSLException.class);
        Process client = python("tls_echo_client.py", "127.0.0.1", String.valueOf(gateway.tlsPort()),
                stranger.caCertificate().toString());
        assertThat(finish(client)).contains("CERTIFICATE_VERIFY_FAILED");
        assertThat(client.exitValue()).isNotZero();
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("TLS handshake with 127.0.0.1:")
                && l.contains("failed")));
    }

    @Test
    void expiredGatewayCertificate_isSaidAtStart_andRefusedByClients() throws Exception {
        GatewayProcess gateway = gateway(pki.expired("old-gateway"));
        assertThat(gateway.output()).anyMatch(l -> l.contains("CN=old-gateway") && l.contains("EXPIRED"));
        assertThatThrownBy(() -> TestTls.connect(gateway.tlsPort(), pki.caCertificate(), null, null))
                .isInstanceOf(SSLException.class);
        Process client = python("tls_echo_client.py", "127.0.0.1", String.valueOf(gateway.tlsPort()),
                pki.caCertificate().toString());
        assertThat(finish(client)).contains("certificate has expired");
    }

    @Test
    void rotatedCertificate_newConnectionsGetIt_withoutARestart_openOnesKeepWorking() throws Exception {
        Path cert = dir.resolve("rotating.pem");
        Path key = dir.resolve("rotating.key");
        Pki.Issued first = pki.server("gateway-first");
        Files.copy(first.certificate(), cert, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(first.key(), key, StandardCopyOption.REPLACE_EXISTING);
        GatewayProcess gateway = gateway(new Pki.Issued(cert, key));
        SSLSocket open = TestTls.connect(gateway.tlsPort(), pki.caCertificate(), null, null);
        assertThat(TestTls.peerSubject(open)).isEqualTo("CN=gateway-first");

        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");
        Files.move(garbage, cert, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("TLS files changed but cannot be used")));
        SSLSocket during = TestTls.connect(gateway.tlsPort(), pki.caCertificate(), null, null);
        assertThat(TestTls.peerSubject(during)).as("a broken file keeps the certificate read before").isEqualTo("CN=gateway-first");
        during.close();

        Pki.Issued second = pki.server("gateway-second");
        Files.copy(second.key(), key, StandardCopyOption.REPLACE_EXISTING); // the key first: a moment of mismatch
        Files.copy(second.certificate(), dir.resolve("rotating.pem.new"));
        Files.move(dir.resolve("rotating.pem.new"), cert, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            try (SSLSocket s = TestTls.connect(gateway.tlsPort(), pki.caCertificate(), null, null)) {
                return TestTls.peerSubject(s).equals("CN=gateway-second");
            }
        });
        assertThat(gateway.output()).anyMatch(l -> l.contains("TLS files changed: new connections get certificate CN=gateway-second"));
        assertThat(echo(open, "still here\n")).isEqualTo("still here\n");
    }

    @Test
    void plainTutorialClientOnTheTlsPort_isClosedAtOnce_notHeldUntilTheTimeout() throws Exception {
        GatewayProcess gateway = gateway(server, "--tls-handshake-timeout", "10m");
        Process client = python("echo_client.py", "127.0.0.1", String.valueOf(gateway.tlsPort()));
        assertThat(finish(client)).isEqualTo("Received b''\n"); // closed: recv returns nothing; well within the 10 minutes
        try (EchoClient plain = new EchoClient(gateway.tlsPort())) {
            plain.send("HELLO plain\n");
            assertThat(plain.closedByGateway()).isTrue();
        }
        await().atMost(WAIT).until(() -> gateway.output().stream().filter(l -> l.contains("sent bytes that are not TLS")).count() >= 1);
        assertThat(gateway.output()).noneMatch(l -> l.contains("device plain"));
    }

    @Test
    void silentClient_isClosedAtTheHandshakeTimeout() throws Exception {
        GatewayProcess gateway = gateway(server, "--tls-handshake-timeout", "1s");
        try (EchoClient silent = new EchoClient(gateway.tlsPort())) {
            assertThat(silent.closedByGateway()).isTrue();
        }
        await().atMost(WAIT).until(() -> gateway.output().stream()
                .anyMatch(l -> l.contains("did not finish its handshake within tls-handshake-timeout")));
    }

    @Test
    void clientCertificates_required_theCertificateNamesTheDevice() throws Exception {
        GatewayProcess gateway = gateway(server, "--tls-client-ca", pki.caCertificate().toString(), "--port", "off",
                "--debug");
        assertThat(gateway.port()).as("no plain port").isEqualTo(-1);
        SSLSocket device = TestTls.connect(gateway.tlsPort(), pki.caCertificate(), pki.client("esp32-07"), null);
        assertThat(echo(device, "HELLO esp32-07\nt=1\n")).isEqualTo("HELLO esp32-07\nt=1\n");
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("device esp32-07 by its certificate")));

        Pki.Issued pi = pki.client("pi-04");
        Process python = python("tls_echo_client.py", "127.0.0.1", String.valueOf(gateway.tlsPort()),
                pki.caCertificate().toString(), pi.certificate().toString(), pi.key().toString());
        assertThat(finish(python)).isEqualTo("Received b'Hello, world' over TLSv1.3\n");
    }

    @Test
    void clientCertificates_required_noneAnotherCasExpiredOrNoDeviceId_areRefused() throws Exception {
        GatewayProcess gateway = gateway(server, "--tls-client-ca", pki.caCertificate().toString());
        Pki stranger = Pki.create(dir, "rogue");
        assertThat(refusedByGateway(gateway, pki.client("not a device"))).as("a name that is no device id").isTrue();
        // logged (the first of this run's refusals; the rest fall in the same ten seconds and are only counted)
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("is no device id")));
        assertThat(refusedByGateway(gateway, null)).as("no certificate").isTrue();
        for (Pki.Issued cert : List.of(stranger.client("esp32-07"), pki.expired("esp32-08"))) {
            assertThat(refusedByGateway(gateway, cert)).as(cert.certificate().toString()).isTrue();
        }
    }

    /** True if the gateway ends the connection instead of echoing (TLS 1.3 may finish the client's side first). */
    private static boolean refusedByGateway(GatewayProcess gateway, Pki.Issued cert) {
        try (SSLSocket s = TestTls.connect(gateway.tlsPort(), pki.caCertificate(), cert, null)) {
            s.getOutputStream().write("HELLO x\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }
}
