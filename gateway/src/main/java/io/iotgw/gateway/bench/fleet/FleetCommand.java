package io.iotgw.gateway.bench.fleet;

import io.iotgw.gateway.Transport;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fleet}: simulates N devices with the firmware's behaviour against one or more gateways, and
 * reports what a fleet sees: devices online, lines sent, echoed, resent and lost, connects, and how
 * long the fleet takes to be all online again after an outage.
 */
@Command(name = "fleet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate N devices with the firmware's behaviour in one process: HELLO, a reading every interval,",
                "each echo checked, jittered reconnects, a bounded outbox resent after a reconnect, a gateway list.",
                "Prints key=value lines: report=progress every --report-s, report=all_online and report=recovered",
                "when every device is online (again, after an outage), report=final at the end.",
                "Exit 1 if a line was lost (dropped from a full outbox) or an echo did not match."})
public final class FleetCommand implements Callable<Integer> {

    @Option(names = "--gateway", defaultValue = "127.0.0.1:12345", paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            description = "Gateways in order of preference. Default: ${DEFAULT-VALUE}.")
    String gateways;

    @Option(names = {"-n", "--devices"}, defaultValue = "100", paramLabel = "N", description = "Devices. Default: ${DEFAULT-VALUE}.")
    int devices;

    @Option(names = "--interval-ms", defaultValue = "10000", paramLabel = "MS",
            description = "A reading per device every MS. Default: ${DEFAULT-VALUE}.")
    long intervalMs;

    @Option(names = {"-d", "--duration-s"}, defaultValue = "60", paramLabel = "SECONDS",
            description = "How long to run; 0: until SIGTERM or Ctrl-C. Default: ${DEFAULT-VALUE}.")
    long durationSeconds;

    @Option(names = "--report-s", defaultValue = "5", paramLabel = "SECONDS",
            description = "A progress line every SECONDS. Default: ${DEFAULT-VALUE}.")
    long reportSeconds;

    @Option(names = "--ramp-s", defaultValue = "5", paramLabel = "SECONDS",
            description = "The devices' first connects spread over SECONDS (0: all at once). Default: ${DEFAULT-VALUE}.")
    long rampSeconds;

    @Option(names = "--backoff-cap-ms", defaultValue = "30000", paramLabel = "MS",
            description = "Longest wait between reconnects (from 500 ms, doubling). Default: ${DEFAULT-VALUE}.")
    long backoffCapMs;

    @Option(names = "--echo-timeout-ms", defaultValue = "10000", paramLabel = "MS",
            description = "An echo later than this ends the connection. Default: ${DEFAULT-VALUE}.")
    long echoTimeoutMs;

    @Option(names = "--preferred-retry-ms", defaultValue = "60000", paramLabel = "MS",
            description = "While on another gateway, how often the first is tried again. Default: ${DEFAULT-VALUE}.")
    long preferredRetryMs;

    @Option(names = "--outbox", defaultValue = "32", paramLabel = "LINES",
            description = "Lines a device keeps until echoed. Default: ${DEFAULT-VALUE}.")
    int outboxLines;

    @Option(names = "--window", defaultValue = "8", paramLabel = "LINES",
            description = "Lines in flight per device. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(names = "--id-prefix", defaultValue = "fleet-", paramLabel = "PREFIX",
            description = "Device ids are PREFIX and a number. Default: ${DEFAULT-VALUE}.")
    String idPrefix;

    @Option(names = "--spread", description = "Spread the preference over the gateways: device i prefers gateway "
            + "i modulo their number, then the next ones. Default: every device prefers the first.")
    boolean spread;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Event loop threads; 0: one per core. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the jitter, for repeatable runs. Default: ${DEFAULT-VALUE}.")
    long seed;

    private final PrintStream out;

    public FleetCommand() {
        this(System.out);
    }

    FleetCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        if (durationSeconds < 0 || reportSeconds < 1 || rampSeconds < 0 || threads < 0) {
            throw new IllegalArgumentException("--duration-s and --ramp-s must be at least 0, --report-s at least 1, "
                    + "--threads at least 0");
        }
        FleetConfig config = new FleetConfig(GatewayAddress.parseList(gateways), devices, idPrefix,
                Duration.ofMillis(intervalMs), Duration.ofSeconds(rampSeconds), Duration.ofMillis(500),
                Duration.ofMillis(backoffCapMs), Duration.ofMillis(echoTimeoutMs), Duration.ofSeconds(5),
                Duration.ofMillis(preferredRetryMs), outboxLines, window, spread);
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch reported = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            awaitQuietly(reported);
        }, "fleet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Fleet fleet = new Fleet(config, resolve(config.gateways()), threads == 0
                ? Runtime.getRuntime().availableProcessors() : threads, Transport.AUTO, seed)) {
            FleetStats stats = fleet.stats();
            out.println("report=start devices=" + devices + " gateways=" + config.gateways().size() + " interval_ms="
                    + intervalMs + " fd_limit=" + FdLimit.describe());
            fleet.start();
            run(stats, stop);
            out.println(stats.line("final"));
            out.flush();
            fleet.stopDevices();
            return stats.lost.sum() == 0 && stats.mismatches.sum() == 0 ? 0 : 1;
        } finally {
            reported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook is running
            }
        }
    }

    /** Prints events as they happen and progress every report interval, until the duration ends or a stop. */
    private void run(FleetStats stats, CountDownLatch stop) throws InterruptedException {
        long start = System.nanoTime();
        long nextReport = start + TimeUnit.SECONDS.toNanos(reportSeconds);
        long end = durationSeconds == 0 ? Long.MAX_VALUE : start + TimeUnit.SECONDS.toNanos(durationSeconds);
        while (!stop.await(50, TimeUnit.MILLISECONDS) && System.nanoTime() - end < 0) {
            for (String event; (event = stats.nextEvent()) != null; ) {
                out.println(event);
            }
            if (System.nanoTime() - nextReport >= 0) {
                nextReport += TimeUnit.SECONDS.toNanos(reportSeconds);
                out.println(stats.line("progress"));
            }
            out.flush();
        }
        for (String event; (event = stats.nextEvent()) != null; ) {
            out.println(event);
        }
    }

    private static List<InetSocketAddress> resolve(List<GatewayAddress> gateways) throws UnknownHostException {
        List<InetSocketAddress> resolved = new ArrayList<>();
        for (GatewayAddress g : gateways) {
            resolved.add(new InetSocketAddress(InetAddress.getByName(g.host()), g.port()));
        }
        return resolved;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
