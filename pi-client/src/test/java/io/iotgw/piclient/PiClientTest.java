package io.iotgw.piclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one-shot mode against a plain echo server on a real socket. */
class PiClientTest {

    @Test
    void message_isSentAsALine_andItsEchoPrinted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().transferTo(s.getOutputStream());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream original = System.out;
            int code;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                code = new CommandLine(new PiClient()).execute("--host", "127.0.0.1",
                        "--port", String.valueOf(server.getLocalPort()), "--message", "temp=21.5");
            } finally {
                System.setOut(original);
            }
            assertThat(code).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("temp=21.5\n");
            echo.get();
        }
    }

    @Test
    void missingHost_isAUsageError() {
        assertThat(new CommandLine(new PiClient()).setErr(new java.io.PrintWriter(new java.io.StringWriter()))
                .execute("--message", "x")).isEqualTo(2);
    }
}
