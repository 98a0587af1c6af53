package io.iotgw.gateway.bench;

import io.iotgw.gateway.Transport;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: measures an echo server (this gateway or any other) from the outside, so a user can
 * see what their own Pi or PC sustains.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        customSynopsis = "iot-gateway bench [OPTIONS]",
        description = {"Measure an echo server's msgs/s, MB/s and latency from the outside.",
                "Each of N connections keeps W messages of S bytes in flight and checks every byte that comes back; "
                        + "the figures are printed on one line. Exit 1 if any byte came back wrong or a connection "
                        + "failed.", ""},
        footerHeading = "%nExamples:%n",
        footer = {"  iot-gateway bench --host 127.0.0.1 --port 12345 -c 100 -w 1 -s 64 -d 4",
                "  iot-gateway bench --rate 5000 -c 1000    (5,000 messages a second in all)",
                "  iot-gateway bench --idle -c 5000 -d 30   (what 5,000 quiet devices cost)"})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server address. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "12345",
            description = "Server port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "100",
            description = "Connections (N). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-w", "--window"}, paramLabel = "W", defaultValue = "1",
            description = "Messages in flight per connection (W). Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = {"-s", "--size"}, paramLabel = "S", defaultValue = "64",
            description = "Bytes per message, newline included (S). Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-d", "--duration-s"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(names = "--warmup-s", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds of traffic before measuring. Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--connect-rate", paramLabel = "PER_SECOND", defaultValue = "2000",
            description = "New connections per second. Default: ${DEFAULT-VALUE}.")
    int connectRate;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Client I/O threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "0",
            description = "Total messages per second to offer, spread over the connections (open loop); 0 sends "
                    + "each next message as soon as an echo returns. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--tls", description = "Speak TLS to the server, verifying its certificate with --ca (and its name "
            + "against --host).")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "PEM CA certificate(s) that signed the server's certificate.")
    Path ca;

    @Option(names = "--reconnect-rounds", paramLabel = "N", defaultValue = "0", description = "With --tls: instead of "
            + "traffic, N rounds of all connections reconnecting at once (handshake, one line and its echo, close); "
            + "prints handshakes per second. Default: ${DEFAULT-VALUE}.")
    int reconnectRounds;

    @Option(names = "--token-verifications", paramLabel = "N", defaultValue = "0", description = "Instead of a "
            + "server: what verifying N device tokens at once costs here, on the gateway's own verification threads.")
    int tokenVerifications;

    @Option(names = "--readings", description = "Send readings (a=1234567 b=2345678 …, numbers the gateway parses "
            + "into fields) rather than runs of letters.")
    boolean readings;

    @Option(names = "--idle", description = "Only open the connections and hold them, quiet, for --duration-s "
            + "(to measure what idle devices cost the server).")
    boolean idle;

    @Override
    public Integer call() throws Exception {
        if (connections < 1 || window < 1 || size < 1 || durationSeconds < 1 || warmupSeconds < 0 || connectRate < 1
                || threads < 1 || rate < 0) {
            throw new IllegalArgumentException("--connections, --window, --size, --duration-s, --connect-rate and "
                    + "--threads must be at least 1, --warmup-s at least 0");
        }
        if (tokenVerifications > 0) {
            System.out.println(TokenLoad.run(tokenVerifications));
            return 0;
        }
        if (tls != (ca != null) || reconnectRounds > 0 && !tls || reconnectRounds < 0) {
            throw new IllegalArgumentException("--tls and --ca go together, and --reconnect-rounds needs them");
        }
        SslContext tlsContext = tls ? SslContextBuilder.forClient().sslProvider(SslProvider.JDK).trustManager(ca.toFile())
                .build() : null;
        if (reconnectRounds > 0) {
            try (HandshakeLoad load = new HandshakeLoad(host, port, threads, Transport.AUTO, tlsContext)) {
                HandshakeLoad.Result result = load.run(connections, reconnectRounds);
                System.out.println(result.line());
                return result.failed() == 0 ? 0 : 1;
            }
        }
        try (EchoLoad load = new EchoLoad(host, port, size, window, threads, Transport.AUTO,
                rate == 0 ? 0 : Math.max(1, TimeUnit.SECONDS.toNanos(connections) / rate), tlsContext, readings)) {
            load.connect(connections, connectRate);
            if (idle) {
                int held = load.holdIdle(Duration.ofSeconds(durationSeconds).toMillis());
                System.out.printf("connections=%d held=%d connect_failures=%d%n", connections, held, connections - held);
                return held == connections ? 0 : 1;
            }
            EchoLoad.Result result = load.run(Duration.ofSeconds(warmupSeconds).toMillis(),
                    Duration.ofSeconds(durationSeconds).toMillis());
            System.out.println(result.line());
            return result.clean() ? 0 : 1;
        }
    }
}
