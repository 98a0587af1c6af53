package io.iotgw.piclient.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.e2e.GatewayProcess;
import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.MqttSubscriber;
import io.iotgw.gateway.e2e.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-jar", jar().toString()));
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
                    .matches("cpu_temp_c=\\S+ load1=\\S+ uptime_s=\\S+ link=.+");

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

    private static long telemetry(MqttSubscriber monitor) {
        return monitor.on("iotgw/gw-pi/pi-e2e/up").stream().filter(m -> m.payload().contains("cpu_temp_c=")).count();
    }
}
