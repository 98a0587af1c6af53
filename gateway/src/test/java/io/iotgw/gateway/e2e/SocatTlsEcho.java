package io.iotgw.gateway.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A TLS echo server made of standard tools, for testing device clients before a gateway speaks
 * TLS: {@code socat} terminates TLS with the given certificate and hands each connection to
 * {@code tee}, which echoes every byte and keeps a copy, so a test also sees what was sent.
 */
public final class SocatTlsEcho implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path received;

    private SocatTlsEcho(Process process, int port, Path received) {
        this.process = process;
        this.port = port;
        this.received = received;
    }

    public static SocatTlsEcho start(Path dir, Path cert, Path key) throws IOException {
        Path socat = OpensslPki.tool("socat", "apt-get install socat");
        int port = MosquittoProcess.freePort();
        Path received = Files.createTempFile(dir, "received-", ".txt");
        Process p = new ProcessBuilder(socat.toString(), "OPENSSL-LISTEN:" + port + ",bind=127.0.0.1,reuseaddr,fork,cert="
                + cert + ",key=" + key + ",verify=0", "EXEC:tee -a " + received)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat-" + port + ".log").toFile()).start();
        SocatTlsEcho echo = new SocatTlsEcho(p, port, received);
        Awaitility.await("socat to listen on " + port).atMost(Duration.ofSeconds(20)).until(echo::listening);
        return echo;
    }

    public int port() {
        return port;
    }

    /** Every line a client sent so far, over all connections. */
    public List<String> received() throws IOException {
        return Files.readAllLines(received, StandardCharsets.UTF_8);
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("socat ended with " + process.exitValue());
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
