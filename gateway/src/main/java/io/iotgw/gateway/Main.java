package io.iotgw.gateway;

import io.iotgw.gateway.auth.DeviceAuthenticator;
import io.iotgw.gateway.bridge.Bridge;
import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.config.ConfigException;
import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.device.DeviceRegistry;
import io.iotgw.gateway.device.GatewayServer;
import io.iotgw.gateway.observe.Meters;
import io.iotgw.gateway.spool.Spool;
import io.iotgw.gateway.tls.DeviceTls;
import io.iotgw.gateway.watch.FileWatcher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Parses the command line, loads the configuration, runs the gateway until SIGTERM or SIGINT. */
public final class Main {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    Main(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.getenv(), System.out, System.err).run(args));
    }

    int run(String[] args) {
        CommandLine cmd = GatewayCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        ParseResult parsed;
        try {
            parsed = cmd.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(GatewayCommand.describe(e), e.getCommandLine().getCommandSpec().qualifiedName());
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return EXIT_OK;
        }
        if (parsed.hasSubcommand()) {
            return runSubcommand(parsed.subcommand());
        }
        GatewayCommand.Invocation invocation = GatewayCommand.invocation(parsed);
        GatewayConfig config;
        try {
            config = ConfigLoader.load(invocation.flags(), env, invocation.configFile());
        } catch (ConfigException e) {
            return fail(e, invocation.debug());
        }
        if (invocation.debug()) {
            Logging.enableDebug();
        }
        return serve(config, invocation.debug());
    }

    private int serve(GatewayConfig config, boolean debug) {
        Logger log = LoggerFactory.getLogger(Main.class);
        long startedMillis = System.currentTimeMillis();
        DeviceRegistry registry = new DeviceRegistry();
        Meters meters = null;
        FileWatcher watcher = new FileWatcher(FileWatcher.DEFAULT_INTERVAL);
        DeviceAuthenticator auth = null;
        DeviceTls tls = null;
        Spool spool = null;
        Bridge bridge = null;
        GatewayServer server = null;
        Observing observing;
        try {
            auth = DeviceAuthenticator.start(config.auth(), config.maxConnections(), watcher);
            meters = new Meters(auth::refusedSoFar);
            tls = config.tls().isPresent() ? DeviceTls.start(config.tls().get(), watcher) : null;
            if (config.bridge().isPresent()) {
                spool = openSpool(config.bridge().get());
                bridge = new Bridge(config.bridge().get(), spool, registry, auth::mayReceiveDownlinks);
                bridge.stats().onAckLatency(meters::observePubackLatency);
            }
            server = new GatewayServer(config, registry, bridge, tls, auth);
            server.start();
            observing = Observing.start(config, new LiveGatewayView(config, server, registry, bridge, spool,
                    startedMillis), meters, bridge);
        } catch (StartupException | IllegalStateException e) {
            closeAll(java.util.Arrays.asList(server, bridge != null ? bridge : spool, auth, tls, watcher));
            return fail(e, debug);
        }
        if (bridge != null) {
            bridge.start();
        }
        GatewayServer devices = server;
        List<AutoCloseable> afterDevices = java.util.Arrays.asList(bridge, auth, tls, watcher);
        Shutdown shutdown = new Shutdown(() -> {
            log.info("stopping on signal");
            observing.close();
            devices.close();
            closeAll(afterDevices);
        });
        shutdown.handleSignals();
        try {
            server.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
        shutdown.awaitCompletion();
        return EXIT_OK;
    }

    private static Spool openSpool(BridgeConfig config) throws StartupException {
        try {
            return Spool.open(config.spoolDir(), config.spoolMaxBytes(), config.spoolFsync());
        } catch (IOException | RuntimeException e) {
            throw new StartupException("spool-dir " + config.spoolDir() + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** Closes what was opened, in order, each whatever the others do (the bridge closes its spool). */
    private static void closeAll(List<? extends AutoCloseable> parts) {
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(Main.class).warn("cannot close {} cleanly: {}", part.getClass().getSimpleName(),
                        e.getMessage());
            }
        }
    }

    private int runSubcommand(ParseResult sub) {
        if (CommandLine.printHelpIfRequested(sub)) {
            return EXIT_OK;
        }
        if (sub.hasSubcommand()) { // e.g. device add
            return runSubcommand(sub.subcommand());
        }
        try {
            return (Integer) ((Callable<?>) sub.commandSpec().userObject()).call();
        } catch (Exception e) {
            err.println(sub.commandSpec().qualifiedName() + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private int usageError(String message, String qualifiedCommand) {
        String command = qualifiedCommand.substring(GatewayCommand.NAME.length()).strip(); // "", "bench", "device add"
        err.println(GatewayCommand.NAME + ": " + message);
        err.println("Try 'java -jar iot-gateway.jar " + (command.isEmpty() ? "" : command + " ")
                + "--help' for more information.");
        return EXIT_USAGE;
    }

    private int fail(Exception e, boolean debug) {
        err.println(GatewayCommand.NAME + ": " + e.getMessage());
        if (debug) {
            e.printStackTrace(err);
        }
        return EXIT_USAGE;
    }
}
