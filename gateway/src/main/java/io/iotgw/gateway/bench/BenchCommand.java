package io.iotgw.gateway.bench;

import io.iotgw.gateway.echo.Transport;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: measures an echo server (this gateway or any other) from the outside, so a user can
 * see what their own Pi or PC sustains.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure an echo server's msgs/s, MB/s and latency from the outside.",
                "Each of N connections keeps W messages of S bytes in flight and checks every byte that comes back;",
                "the figures are printed on one line. Exit 1 if any byte came back wrong or a connection failed."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server address. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "12345", description = "Server port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = {"-c", "--connections"}, defaultValue = "100", description = "Connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-w", "--window"}, defaultValue = "1", description = "Messages in flight per connection. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = {"-s", "--size"}, defaultValue = "64", description = "Bytes per message, newline included. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = {"-d", "--duration-s"}, defaultValue = "10", description = "Seconds measured. Default: ${DEFAULT-VALUE}.")
    int durationSeconds;

    @Option(names = "--warmup-s", defaultValue = "2", description = "Seconds of traffic before measuring. Default: ${DEFAULT-VALUE}.")
    int warmupSeconds;

    @Option(names = "--connect-rate", defaultValue = "2000", description = "New connections per second. Default: ${DEFAULT-VALUE}.")
    int connectRate;

    @Option(names = "--threads", defaultValue = "1", description = "Client I/O threads. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--rate", defaultValue = "0", description = "Total messages per second to offer, spread over "
            + "the connections (open loop); 0 sends each next message as soon as an echo returns. Default: ${DEFAULT-VALUE}.")
    int rate;

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
        try (EchoLoad load = new EchoLoad(host, port, size, window, threads, Transport.AUTO,
                rate == 0 ? 0 : Math.max(1, TimeUnit.SECONDS.toNanos(connections) / rate))) {
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
