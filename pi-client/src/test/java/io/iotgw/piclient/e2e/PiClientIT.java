package io.iotgw.piclient.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.iotgw.gateway.auth.CredentialsFile;
import io.iotgw.gateway.auth.TokenHash;
import io.iotgw.gateway.e2e.GatewayProcess;
import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.MqttSubscriber;
import io.iotgw.gateway.e2e.ObserveHttp;
import io.iotgw.gateway.e2e.OpensslPki;
import io.iotgw.gateway.e2e.Requirements;
import io.iotgw.gateway.e2e.SocatTlsEcho;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
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

/** The Pi client's jar against the real gateway (and a plain Python echo server), as a user runs it. */
class PiClientIT {

    private static final Path JAVA = Requirements.currentJava();

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void needTheJar() {
        Requirements.require(Files.isRegularFile(jar()), "the Pi client's jar (" + jar() + ")", "mvn package");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Path jar() {
        return Path.of(System.getProperty("iotgw.piclient.jar", "target/pi-client.jar"));
    }

    private Process piClient(String... args) throws IOException {
        return piClient(JAVA, args);
    }

    private Process piClient(Path java, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", jar().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(dir.resolve("pi-client-" + processes.size() + ".err").toFile())
                .start();
        processes.add(p);
        return p;
    }

    private static String stdoutOf(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("exit code; output: %s", out).isZero();
        return out;
    }

    private int pythonEchoServer() throws IOException, URISyntaxException {
        Path python = Requirements.python3();
        Process server = new ProcessBuilder(python.toString(),
                Path.of(PiClientIT.class.getResource("/tutorial/echo_server.py").toURI()).toString()).start();
        processes.add(server);
        return Integer.parseInt(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
                .readLine().strip());
    }

    private static String interactive(Process p, String input) throws Exception {
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        return stdoutOf(p);
    }

    @Test
    void oneShotAndInteractive_againstTheGateway() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.start(JAVA, Map.of(), "--port", "0")) {
            String port = String.valueOf(gateway.port());
            assertThat(stdoutOf(piClient("--host", "127.0.0.1", "--port", port, "--message", "Hello, gateway")))
                    .isEqualTo("Hello, gateway\n");
            assertThat(interactive(piClient("--host", "localhost", "--port", port, "--interactive"), "one\ntwo\n"))
                    .isEqualTo("one\ntwo\n");
        }
    }

    @Test
    void oneShotAndInteractive_againstAPlainPythonEchoServer() throws Exception {
        String port = String.valueOf(pythonEchoServer());
        assertThat(stdoutOf(piClient("--host", "127.0.0.1", "--port", port, "--message", "temp=21.5")))
                .isEqualTo("temp=21.5\n");
        assertThat(interactive(piClient("--host", "127.0.0.1", "--port", port, "--interactive"), "a\nb\nc\n"))
                .isEqualTo("a\nb\nc\n");
    }

    @Test
    void serviceTelemetry_reachesMqttUnderItsId_andSurvivesAGatewayRestart() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(dir);
             MqttSubscriber monitor = new MqttSubscriber(broker.uri(), "iotgw/gw-pi/pi-e2e/#")) {
            int port = MosquittoProcess.freePort();
            String[] gatewayArgs = {"--port", String.valueOf(port), "--mqtt", broker.uri(), "--gateway-id", "gw-pi",
                    "--spool-dir", dir.resolve("spool").toString()};
            GatewayProcess first = GatewayProcess.start(JAVA, Map.of(), gatewayArgs);
            Process service = piClient("--host", "127.0.0.1", "--port", String.valueOf(port), "--id", "pi-e2e",
                    "--interval-s", "1", "--backoff-cap-s", "2");
            await().atMost(Duration.ofSeconds(30)).until(() -> telemetry(monitor) >= 2);
            assertThat(monitor.on("iotgw/gw-pi/pi-e2e/up").get(0).json().get("payload").asText())
                    .matches("n=\\d+ cpu_temp_c=\\S+ load1=\\S+ uptime_s=\\S+ link=.+");

            first.terminate();
            assertThat(first.awaitExit(Duration.ofSeconds(10))).isZero();
            first.close();
            long before = telemetry(monitor);
            try (GatewayProcess second = GatewayProcess.start(JAVA, Map.of(), gatewayArgs)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> telemetry(monitor) >= before + 3);
                assertThat(second.output()).anyMatch(l -> l.contains("is pi-e2e"));
            }
            service.destroy();
            assertThat(service.waitFor(10, TimeUnit.SECONDS)).as("the service stops on SIGTERM").isTrue();
        }
    }

    @Test
    void noGatewayListening_isOneLineSayingWhatToCheck_exit1() throws Exception {
        int port = MosquittoProcess.freePort();
        Process p = piClient("--host", "127.0.0.1", "--port", String.valueOf(port), "--message", "hi");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(stderrOf(p)).containsExactly("pi-client: cannot reach the gateway 127.0.0.1:" + port
                + " (Connection refused); is it running there, and are --host and --port right?");
    }

    @Test
    void onJava17_oneLineSaysJava21IsNeeded_exit1() throws Exception {
        Process p = piClient(Requirements.java17(), "--host", "127.0.0.1", "--message", "hi");
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        List<String> err = stderrOf(p);
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("pi-client: needs Java 21 or newer, this is Java 17")
                .contains("openjdk-21-jre-headless");
    }

    @Test
    void help_namesValuesInWords_noCodePlaceholders() throws Exception {
        String help = stdoutOf(piClient("--help"));
        assertThat(help).contains("--host, --gateway=HOST[:PORT]", "--interval-s=SECONDS", "--backoff-cap-s=SECONDS")
                .doesNotContainPattern("<[A-Za-z]+>");
    }

    @Test
    void tls_rightCa_serviceSaysHelloWithItsToken_overTls_andNeverLogsTheToken() throws Exception {
        OpensslPki pki = OpensslPki.create(dir);
        String token = "s3cr3t-T0ken_for+tests";
        Files.writeString(dir.resolve("token"), token + "\n");
        try (SocatTlsEcho server = SocatTlsEcho.start(dir, pki.serverCert, pki.serverKey)) {
            String port = String.valueOf(server.port());
            assertThat(stdoutOf(piClient("--host", "127.0.0.1", "--port", port, "--ca", pki.caCert.toString(),
                    "--message", "over tls"))).isEqualTo("over tls\n");
            Process service = piClient("--host", "localhost", "--port", port, "--ca", pki.caCert.toString(), "--token-file",
                    dir.resolve("token").toString(), "--id", "pi-tls", "--interval-s", "1");
            await().atMost(Duration.ofSeconds(30)).until(() -> server.received().stream().filter(l -> l.startsWith("n=")).count() >= 2);
            assertThat(server.received()).contains("HELLO pi-tls " + token);
            List<String> log = stderrOf(service);
            assertThat(log).anyMatch(l -> l.contains("connected to the gateway localhost:" + port))
                    .noneMatch(l -> l.contains(token));
        }
    }

    @Test
    void tls_realGatewayWithCredentials_theTokenProvesTheDevice_aWrongOneIsRefused() throws Exception {
        OpensslPki pki = OpensslPki.create(dir);
        String token = "pi-T0ken_for+tests";
        Files.writeString(dir.resolve("token"), token + "\n");
        Files.writeString(dir.resolve("wrong"), "not-its-token\n");
        Path credentials = dir.resolve("devices");
        CredentialsFile.add(credentials, "pi-tls", TokenHash.of(token, new SecureRandom()), false);
        CredentialsFile.add(credentials, "pi-tls-cli", TokenHash.of(token, new SecureRandom()), false);
        try (GatewayProcess gateway = GatewayProcess.start(JAVA, Map.of(), "--port", "off", "--tls-port", "0",
                "--tls-cert", pki.serverCert.toString(), "--tls-key", pki.serverKey.toString(), "--auth", "required",
                "--credentials", credentials.toString(), "--http-port", "0")) {
            String port = String.valueOf(gateway.tlsPort());
            Process service = piClient("--host", "localhost", "--port", port, "--tls", "--ca", pki.caCert.toString(),
                    "--token-file", dir.resolve("token").toString(), "--id", "pi-tls", "--interval-s", "1");
            await().atMost(Duration.ofSeconds(60)).until(() -> gateway.output().stream()
                    .anyMatch(l -> l.endsWith(" is pi-tls (proven)")));
            ObserveHttp http = ObserveHttp.of(gateway);
            await().atMost(Duration.ofSeconds(60)).until(() -> linesIn(http, "pi-tls") >= 3);

            assertThat(stdoutOf(piClient("--host", "localhost", "--port", port, "--ca", pki.caCert.toString(),
                    "--token-file", dir.resolve("token").toString(), "--id", "pi-tls-cli", "--message", "t=1")))
                    .as("one-shot with the token: its HELLO's echo is not printed").isEqualTo("t=1\n");
            Process wrong = piClient("--host", "localhost", "--port", port, "--tls", "--ca", pki.caCert.toString(),
                    "--token-file", dir.resolve("wrong").toString(), "--id", "pi-tls", "--message", "fake=99");
            assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(wrong.exitValue()).isEqualTo(1);
            assertThat(stderrOf(wrong)).containsExactly("pi-client: the gateway localhost:" + port + " refused device id "
                    + "pi-tls with this token: are --id and --token-file the ones `iot-gateway device add` made?");
            long before = linesIn(http, "pi-tls");
            await().atMost(Duration.ofSeconds(60)).until(() -> linesIn(http, "pi-tls") > before + 1);
            assertThat(gateway.output()).anyMatch(l -> l.contains("device pi-tls from 127.0.0.1 refused: wrong token"))
                    .noneMatch(l -> l.contains("reconnected from"))
                    .noneMatch(l -> l.contains(token) || l.contains("not-its-token"));
            service.destroy();
            assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(stderrOf(service)).noneMatch(l -> l.contains(token));
        }
    }

    /** Lines the gateway has received from the device on its connection now (0 when not connected). */
    private static long linesIn(ObserveHttp http, String id) throws Exception {
        for (JsonNode d : http.json("/api/devices")) {
            if (id.equals(d.path("id").asText())) {
                return d.path("lines_in").asLong();
            }
        }
        return 0;
    }

    @Test
    void tls_certificateFromAnotherCa_orExpired_isRefused_inOneLineSayingWhatToCheck() throws Exception {
        OpensslPki pki = OpensslPki.create(dir);
        try (SocatTlsEcho right = SocatTlsEcho.start(dir, pki.serverCert, pki.serverKey);
             SocatTlsEcho expired = SocatTlsEcho.start(dir, pki.expiredCert, pki.serverKey)) {
            for (String[] run : new String[][] {{String.valueOf(right.port()), pki.otherCaCert.toString()},
                    {String.valueOf(expired.port()), pki.caCert.toString()}}) {
                Process p = piClient("--host", "127.0.0.1", "--port", run[0], "--ca", run[1], "--message", "hi");
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(1);
                List<String> err = stderrOf(p);
                assertThat(err).hasSize(1);
                assertThat(err.get(0)).startsWith("pi-client: cannot reach the gateway 127.0.0.1:" + run[0] + " (TLS: ")
                        .endsWith("is --ca the CA that signed the gateway's certificate, and is that certificate valid "
                                + "for the address given?");
            }
            assertThat(right.received()).isEmpty();
            assertThat(expired.received()).isEmpty();
        }
    }

    @Test
    void badTokenFile_isAOneLineUsageError_thatNeverShowsTheToken() throws Exception {
        Files.writeString(dir.resolve("token"), "two words\n");
        Process p = piClient("--host", "127.0.0.1", "--token-file", dir.resolve("token").toString());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(stderrOf(p).get(0)).isEqualTo("pi-client: --token-file " + dir.resolve("token")
                + " must hold a token of 1 to 128 printable characters without spaces on its first line");
        assertThat(String.join("\n", stderrOf(p))).doesNotContain("two words");
    }

    private List<String> stderrOf(Process p) throws IOException {
        return Files.readAllLines(dir.resolve("pi-client-" + processes.indexOf(p) + ".err"), StandardCharsets.UTF_8);
    }

    private static long telemetry(MqttSubscriber monitor) {
        return monitor.on("iotgw/gw-pi/pi-e2e/up").stream().filter(m -> m.payload().contains("cpu_temp_c=")).count();
    }
}
