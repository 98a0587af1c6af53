package io.iotgw.piclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: the one-shot and interactive modes against a real echo server, and bad arguments. */
class PiClientTest {

    private final StringWriter err = new StringWriter();
    private final FakeInterfaces nics = new FakeInterfaces().with("eth0", "127.0.0.2", true);

    private int run(PiClient client, String... args) {
        CommandLine cmd = PiClient.commandLine(client);
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private PiClient parsed(String... args) {
        PiClient client = new PiClient(nics, Path.of("/"));
        new CommandLine(client).parseArgs(args);
        return client;
    }

    @Test
    void message_isSentAsALine_andItsEchoPrinted() throws Exception {
        try (EchoServer server = new EchoServer()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PiClient client = parsed("--host", "127.0.0.1", "--port", String.valueOf(server.port()), "--message",
                    "temp=21.5", "--interface", "eth0");
            assertThat(client.oneShot(new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("temp=21.5\n");
            assertThat(server.clients().get(0).getHostAddress()).as("bound to eth0's address").isEqualTo("127.0.0.2");
        }
    }

    @Test
    void interactive_sendsEachStdinLine_andPrintsEachEcho() throws Exception {
        try (EchoServer server = new EchoServer()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PiClient client = parsed("--host", "127.0.0.1", "--port", String.valueOf(server.port()), "--interactive");
            int code = client.interactive(new ByteArrayInputStream("one\ntwo\n".getBytes(StandardCharsets.UTF_8)),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo\n");
        }
    }

    @Test
    void unknownInterface_isAOneLineError_exit2() {
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "h", "--interface", "eth0,eth9")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pi-client: --interface names no interface of this machine: 'eth9'")
                .contains("Try 'java -jar pi-client.jar --help'");
        assertThat(err.toString().lines()).hasSize(2);
    }

    @Test
    void messageAndInteractive_excludeEachOther() {
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "h", "--message", "x", "--interactive")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pi-client: --message and --interactive exclude each other");
    }

    @Test
    void missingHost_andBadPort_areUsageErrors() {
        assertThat(run(new PiClient(nics, Path.of("/")), "--message", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--host");
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "h", "--port", "0", "--message", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be a port number from 1 to 65535, got '0'");
    }

    @Test
    void unreachableGateway_inOneShotMode_fails() {
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "127.0.0.1", "--port", "1", "--message", "x"))
                .isEqualTo(1);
    }
}
