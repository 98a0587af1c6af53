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
        assertThat(err.toString()).contains("Missing required option: '--gateway=HOST[:PORT]'");
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "h", "--port", "0", "--message", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be a port number from 1 to 65535, got '0'");
    }

    @Test
    void unreachableGateway_inOneShotMode_isOneLineSayingWhatToCheck_exit1() {
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "127.0.0.1", "--port", "1", "--message", "x"))
                .isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly("pi-client: cannot reach the gateway 127.0.0.1:1 (Connection "
                + "refused); is it running there, and are --host and --port right?");
    }

    @Test
    void gatewayList_oneShotUsesTheFirstThatAnswers() throws Exception {
        try (EchoServer server = new EchoServer()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PiClient client = parsed("--gateway", "127.0.0.1:1,127.0.0.1:" + server.port(), "--message", "hi");
            assertThat(client.oneShot(new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hi\n");
        }
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "127.0.0.1:1,127.0.0.1:2", "--message", "x")).isEqualTo(1);
        assertThat(err.toString()).startsWith("pi-client: cannot reach any gateway: 127.0.0.1:1 (Connection refused), "
                + "127.0.0.1:2 (Connection refused); is one running, and is --gateway right?");
    }

    @Test
    void badGatewayList_andBadId_areOneLineUsageErrors() {
        assertThat(run(new PiClient(nics, Path.of("/")), "--gateway", "pi-a,pi-b:99999", "--message", "x")).isEqualTo(2);
        assertThat(err.toString()).startsWith("pi-client: --gateway must be host[:port] entries separated by commas "
                + "(a port from 1 to 65535), got 'pi-b:99999'");
        assertThat(run(new PiClient(nics, Path.of("/")), "--host", "h", "--id", "bad id/\u001b")).isEqualTo(2);
        assertThat(err.toString()).contains("pi-client: --id must be 1 to 64 of A-Z a-z 0-9 _ . -, got 'bad id/\\x1b'");
    }

    @Test
    void help_namesEveryValueInWords_noCodePlaceholders() {
        StringWriter out = new StringWriter();
        CommandLine cmd = PiClient.commandLine(new PiClient(nics, Path.of("/")));
        cmd.setOut(new PrintWriter(out, true));
        assertThat(cmd.execute("--help")).isZero();
        assertThat(out.toString()).doesNotContainPattern("<[a-zA-Z]+>")
                .contains("--host, --gateway=HOST[:PORT]", "--backoff-cap-s=SECONDS", "--preferred-retry-s=SECONDS");
    }
}
