package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Python tutorial clients users start with, unchanged, against the packaged gateway. */
class TutorialClientsIT {

    private static Path python;
    private static GatewayProcess gateway;

    @BeforeAll
    static void startGateway() throws IOException {
        python = Requirements.python3();
        gateway = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", "0");
    }

    @AfterAll
    static void stopGateway() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static Process python(String script, String... args) throws IOException, URISyntaxException {
        List<String> command = new ArrayList<>(List.of(python.toString(),
                Path.of(TutorialClientsIT.class.getResource("/tutorial/" + script).toURI()).toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static String outputOf(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("client finished").isTrue();
        assertThat(p.exitValue()).as("client exit code, output: %s", out).isZero();
        return out;
    }

    private static String port() {
        return String.valueOf(gateway.port());
    }

    @Test
    void oneMessageThenClose_getsItsEcho() throws Exception {
        assertThat(outputOf(python("echo_client.py", "127.0.0.1", port()))).isEqualTo("Received b'Hello, world'\n");
    }

    @Test
    void threeMessagesOnOneConnection_eachRecvGetsItsEcho() throws Exception {
        assertThat(outputOf(python("three_messages.py", "127.0.0.1", port(), "solo")))
                .isEqualTo("Received solo: first\nReceived solo: temp=21.5\nReceived solo: last\n");
    }

    @Test
    void twentyClientsAtOnce_eachGetsItsOwnEchoes() throws Exception {
        List<Process> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(python("three_messages.py", "127.0.0.1", port(), "client-" + i));
        }
        for (int i = 0; i < 20; i++) {
            String name = "client-" + i;
            assertThat(outputOf(clients.get(i))).isEqualTo("Received " + name + ": first\nReceived " + name
                    + ": temp=21.5\nReceived " + name + ": last\n");
        }
    }

    @Test
    void interactiveLoopOverStdin_printsEachEcho() throws Exception {
        Process client = python("interactive_client.py", "127.0.0.1", port());
        try (OutputStream stdin = client.getOutputStream()) {
            stdin.write("hello gateway\nsecond line\nbye\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(outputOf(client)).isEqualTo(" -> Received from server: hello gateway\n"
                + " -> Received from server: second line\n -> ");
    }

    @Test
    void fixedReply_clientReadingExactly16Bytes_getsGoodbye() throws Exception {
        try (GatewayProcess replying = GatewayProcess.start(Requirements.currentJava(), Map.of(),
                "--port", "0", "--reply", "Goodbye, client!")) {
            Process client = python("goodbye_client.py", "127.0.0.1", String.valueOf(replying.port()));
            assertThat(outputOf(client)).isEqualTo("Goodbye, client!\n");
        }
    }
}
