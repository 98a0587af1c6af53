package io.iotgw.piclient;

import com.pi4j.context.Context;
import io.iotgw.piclient.gpio.Gpio;
import io.iotgw.piclient.link.Backoff;
import io.iotgw.piclient.link.Gateway;
import io.iotgw.piclient.link.GatewayLink;
import io.iotgw.piclient.link.InterfacePicker;
import io.iotgw.piclient.link.InterfaceSource;
import io.iotgw.piclient.link.LinkSettings;
import io.iotgw.piclient.link.LinkThread;
import io.iotgw.piclient.link.Outbox;
import io.iotgw.piclient.link.SocketConnector;
import io.iotgw.piclient.link.SystemInterfaces;
import io.iotgw.piclient.link.Tls;
import io.iotgw.piclient.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The gateway's client for a Raspberry Pi or any PC: one line and its echo ({@code --message}),
 * stdin lines ({@code --interactive}), or the service (default): HELLO, telemetry, a button and
 * an LED, over Ethernet or Wi-Fi with failover, to the first gateway of a list that answers.
 */
@Command(name = "pi-client", mixinStandardHelpOptions = true, version = "pi-client 0.1.0", sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Talk to an iot-gateway: one line, stdin lines, or as a service with telemetry, a button and an LED.", ""},
        footer = {"", "Examples:",
                "  java -jar pi-client.jar --host 192.168.1.10 --message 'Hello, gateway'",
                "  java -jar pi-client.jar --gateway pi-a:12345,pi-b:12345 --interface eth0,wlan0",
                "", "Exit codes: 0 done (or stopped), 1 the gateway could not be reached or did not echo, 2 bad arguments."})
public final class PiClient implements Callable<Integer> {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration ECHO_TIMEOUT = Duration.ofSeconds(10);
    static final int OUTBOX_LINES = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = {"--gateway", "--host"}, split = ",", required = true, paramLabel = "HOST[:PORT]",
            description = {"Gateways in order of preference, e.g. pi-a:12345,pi-b ([fd00::1]:12345 for IPv6). "
                    + "The first that answers is used; while on another, the first is tried again now and then."})
    List<String> gatewayEntries;

    @Option(names = "--port", defaultValue = "12345", paramLabel = "PORT",
            description = "Port of the gateways that name none. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--message", paramLabel = "TEXT", description = "Send one line, print its echo, exit.")
    String message;

    @Option(names = "--interactive", description = "Send each line read from stdin, print each echo, until end of input.")
    boolean interactive;

    @Option(names = "--id", paramLabel = "DEVICE_ID",
            description = "Device id said in HELLO (service mode): 1 to 64 of A-Z a-z 0-9 _ . -. Default: the host name.")
    String id;

    @Option(names = "--tls", description = "Speak TLS (1.3 or 1.2) to the gateways: each must present a certificate "
            + "that chains to --ca (or to this Java's trusted CAs) and names the host or address given.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "PEM file of the CA that signs the gateways' certificates; implies --tls.")
    Path caFile;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File whose first line is this device's token, said in HELLO after the id (in one-shot and "
                    + "interactive mode too, whose HELLO's echo is not printed); never logged.")
    Path tokenFile;

    @Option(names = "--interval-s", defaultValue = "10", paramLabel = "SECONDS",
            description = "Seconds between telemetry lines. Default: ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Option(names = "--interface", split = ",", paramLabel = "NAME",
            description = "Interfaces to use, in order of preference, e.g. eth0,wlan0. Default: whatever the system routes through.")
    List<String> interfaces = List.of();

    @Option(names = "--gpio-button", defaultValue = "17", paramLabel = "BCM",
            description = "BCM pin of the button (to ground). Default: ${DEFAULT-VALUE}.")
    int buttonPin;

    @Option(names = "--gpio-led", defaultValue = "27", paramLabel = "BCM",
            description = "BCM pin of the LED (through a resistor). Default: ${DEFAULT-VALUE}.")
    int ledPin;

    @Option(names = "--backoff-cap-s", defaultValue = "30", paramLabel = "SECONDS",
            description = "Longest wait between reconnects. Default: ${DEFAULT-VALUE}.")
    int backoffCapSeconds;

    @Option(names = "--preferred-retry-s", defaultValue = "60", paramLabel = "SECONDS",
            description = "While on another gateway, how often the first is tried again. Default: ${DEFAULT-VALUE}.")
    int preferredRetrySeconds;

    private final InterfaceSource interfaceSource;
    private final Path systemRoot;

    public PiClient() {
        this(new SystemInterfaces(), Path.of("/"));
    }

    PiClient(InterfaceSource interfaceSource, Path systemRoot) {
        this.interfaceSource = interfaceSource;
        this.systemRoot = systemRoot;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new PiClient()).execute(args));
    }

    /** The command line with one-line errors: the problem, then where to find help; no stack traces. */
    static CommandLine commandLine(PiClient client) {
        CommandLine cmd = new CommandLine(client);
        cmd.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("pi-client: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'java -jar pi-client.jar --help' for more information.");
            return CommandLine.ExitCode.USAGE;
        });
        cmd.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("pi-client: " + (e instanceof EchoModes.Failure ? e.getMessage() : "unexpected failure: " + e));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cmd;
    }

    @Override
    public Integer call() throws Exception {
        validate();
        if (message != null) {
            return oneShot(System.out);
        }
        if (interactive) {
            return interactive(System.in, System.out);
        }
        return service();
    }

    private void validate() {
        if (message != null && interactive) {
            throw usage("--message and --interactive exclude each other");
        }
        if (port < 1 || port > 65535) {
            throw usage("--port must be a port number from 1 to 65535, got '" + port + "'");
        }
        atLeastOne("--interval-s", intervalSeconds);
        atLeastOne("--backoff-cap-s", backoffCapSeconds);
        atLeastOne("--preferred-retry-s", preferredRetrySeconds);
        try {
            gateways();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (id != null && !DeviceIds.VALID.matcher(id).matches()) {
            throw usage("--id must be 1 to 64 of A-Z a-z 0-9 _ . -, got '" + Printable.of(id) + "'");
        }
        try {
            connector();
            token();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        List<String> unknown = picker().unknown();
        if (!unknown.isEmpty()) {
            throw usage("--interface names no interface of this machine: '" + String.join(",", unknown) + "'");
        }
    }

    private void atLeastOne(String option, int value) {
        if (value < 1) {
            throw usage(option + " must be at least 1, got '" + value + "'");
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private List<Gateway> gateways() {
        return Gateway.parseList("--gateway", gatewayEntries, port);
    }

    /** Sockets, over TLS with --tls or --ca. */
    private SocketConnector connector() {
        return new SocketConnector(CONNECT_TIMEOUT, tls || caFile != null
                ? Optional.of(Tls.trusting(Optional.ofNullable(caFile))) : Optional.empty());
    }

    /** The token of --token-file, or null; the message of a bad one never shows it. */
    private String token() {
        if (tokenFile == null) {
            return null;
        }
        String first;
        try {
            first = Files.readAllLines(tokenFile).stream().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file " + tokenFile + " cannot be read (" + e.getMessage() + ")");
        }
        if (!DeviceIds.TOKEN.matcher(first).matches()) {
            throw new IllegalArgumentException("--token-file " + tokenFile
                    + " must hold a token of 1 to 128 printable characters without spaces on its first line");
        }
        return first;
    }

    private InterfacePicker picker() {
        return new InterfacePicker(interfaceSource, interfaces);
    }

    private EchoModes echoModes() {
        String token = token();
        Optional<EchoModes.Hello> hello = token == null ? Optional.empty()
                : Optional.of(new EchoModes.Hello(deviceId(), token));
        return new EchoModes(gateways(), connector(), picker().pick().map(InterfacePicker.Choice::address), ECHO_TIMEOUT,
                hello);
    }

    private String deviceId() {
        return id != null ? id : DeviceIds.fromHostName(localHostName(), DeviceIds.FALLBACK);
    }

    int oneShot(PrintStream out) throws EchoModes.Failure {
        return echoModes().oneShot(message, out);
    }

    int interactive(InputStream stdin, PrintStream out) throws EchoModes.Failure {
        return echoModes().interactive(stdin, out);
    }

    private int service() throws InterruptedException {
        String deviceId = deviceId();
        Outbox outbox = new Outbox(OUTBOX_LINES, GatewayLink.MAX_LINE_BYTES);
        ServiceMode service = new ServiceMode(outbox, new Telemetry(systemRoot));
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(backoffCapSeconds),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        GatewayLink link = new GatewayLink(new LinkSettings(gateways(), deviceId, token(), ECHO_TIMEOUT,
                Duration.ofSeconds(preferredRetrySeconds)), connector(), picker(), backoff,
                System::nanoTime, outbox, service);
        LinkThread linkThread = new LinkThread(link, CONNECT_TIMEOUT.plusSeconds(1));
        Optional<Context> pi4j = Gpio.open(Path.of("/dev/gpiochip0"));
        service.attach(pi4j, buttonPin, ledPin);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            linkThread.close();
            pi4j.ifPresent(Context::shutdown); // releases the GPIO lines on SIGTERM
            stopped.countDown();
        }, "shutdown"));
        linkThread.start();
        service.start(Duration.ofSeconds(intervalSeconds));
        stopped.await();
        return 0;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return System.getenv().getOrDefault("HOSTNAME", "");
        }
    }
}
