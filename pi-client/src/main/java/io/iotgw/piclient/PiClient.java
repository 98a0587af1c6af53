package io.iotgw.piclient;

import com.pi4j.context.Context;
import io.iotgw.piclient.gpio.Gpio;
import io.iotgw.piclient.link.Backoff;
import io.iotgw.piclient.link.GatewayLink;
import io.iotgw.piclient.link.InterfacePicker;
import io.iotgw.piclient.link.InterfaceSource;
import io.iotgw.piclient.link.SystemInterfaces;
import io.iotgw.piclient.telemetry.Telemetry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
 * an LED, over Ethernet or Wi-Fi with failover.
 */
@Command(name = "pi-client", mixinStandardHelpOptions = true, version = "pi-client 0.1.0",
        description = "Talk to an iot-gateway: one line, stdin lines, or as a service with telemetry, a button and an LED.")
public final class PiClient implements Callable<Integer> {

    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int READ_TIMEOUT_MS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", required = true, description = "Gateway address or host name.")
    String host;

    @Option(names = "--port", defaultValue = "12345", description = "Gateway port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--message", description = "Send one line, print its echo, exit.")
    String message;

    @Option(names = "--interactive", description = "Send each line read from stdin, print each echo, until end of input.")
    boolean interactive;

    @Option(names = "--id", description = "Device id said in HELLO (service mode). Default: the host name.")
    String id;

    @Option(names = "--interval-s", defaultValue = "10", description = "Seconds between telemetry lines. Default: ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Option(names = "--interface", split = ",", description = "Interfaces to use, in order of preference, e.g. eth0,wlan0. "
            + "Default: whatever the system routes through.")
    List<String> interfaces = List.of();

    @Option(names = "--gpio-button", defaultValue = "17", description = "BCM pin of the button (to ground). Default: ${DEFAULT-VALUE}.")
    int buttonPin;

    @Option(names = "--gpio-led", defaultValue = "27", description = "BCM pin of the LED (through a resistor). Default: ${DEFAULT-VALUE}.")
    int ledPin;

    @Option(names = "--backoff-cap-s", defaultValue = "30", description = "Longest wait between reconnects. Default: ${DEFAULT-VALUE}.")
    int backoffCapSeconds;

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

    /** The command line with one-line errors: the problem, then where to find help. */
    static CommandLine commandLine(PiClient client) {
        CommandLine cmd = new CommandLine(client);
        cmd.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("pi-client: " + e.getMessage());
            e.getCommandLine().getErr().println("Try 'java -jar pi-client.jar --help' for more information.");
            return CommandLine.ExitCode.USAGE;
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
            throw new CommandLine.ParameterException(spec.commandLine(), "--message and --interactive exclude each other");
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port must be a port number from 1 to 65535, got '" + port + "'");
        }
        if (intervalSeconds < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--interval-s must be at least 1, got '" + intervalSeconds + "'");
        }
        List<String> unknown = new InterfacePicker(interfaceSource, interfaces).unknown();
        if (!unknown.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--interface names no interface of this machine: '" + String.join(",", unknown) + "'");
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        Optional<InterfacePicker.Choice> choice = new InterfacePicker(interfaceSource, interfaces).pick();
        if (choice.isPresent()) {
            socket.bind(new InetSocketAddress(choice.get().address(), 0));
        }
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        socket.setSoTimeout(READ_TIMEOUT_MS);
        return socket;
    }

    int oneShot(PrintStream out) throws IOException {
        try (Socket socket = connect()) {
            out.print(roundTrip(socket, message));
        }
        return 0;
    }

    int interactive(InputStream stdin, PrintStream out) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        try (Socket socket = connect()) {
            for (String line; (line = lines.readLine()) != null; ) {
                out.print(roundTrip(socket, line));
                out.flush();
            }
        }
        return 0;
    }

    /** Sends a line and returns exactly its echo, newline included. */
    private static String roundTrip(Socket socket, String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        byte[] echo = socket.getInputStream().readNBytes(bytes.length);
        if (echo.length < bytes.length) {
            throw new IOException("connection closed after " + echo.length + " of " + bytes.length + " echoed bytes");
        }
        return new String(echo, StandardCharsets.UTF_8);
    }

    private int service() throws Exception {
        String deviceId = id != null ? id : InetAddress.getLocalHost().getHostName().split("\\.")[0];
        InterfacePicker picker = new InterfacePicker(interfaceSource, interfaces);
        GatewayLink.Settings settings = new GatewayLink.Settings(host, port, deviceId, Duration.ofMillis(CONNECT_TIMEOUT_MS),
                Duration.ofMillis(READ_TIMEOUT_MS), 1000);
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(backoffCapSeconds),
                bound -> ThreadLocalRandom.current().nextLong(bound));
        Optional<Context> pi4j = Gpio.open(Path.of("/dev/gpiochip0"));
        CountDownLatch stopped = new CountDownLatch(1);
        ServiceMode[] service = new ServiceMode[1];
        service[0] = new ServiceMode(listener -> new GatewayLink(settings, picker, backoff, listener),
                new Telemetry(systemRoot, () -> service[0].link().interfaceInUse()));
        service[0].attach(pi4j, buttonPin, ledPin);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service[0].close();
            pi4j.ifPresent(Context::shutdown); // releases the GPIO lines on SIGTERM
            stopped.countDown();
        }, "shutdown"));
        service[0].start(Duration.ofSeconds(intervalSeconds));
        stopped.await();
        return 0;
    }
}
