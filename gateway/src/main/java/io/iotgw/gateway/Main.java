package io.iotgw.gateway;

import io.iotgw.gateway.bridge.MqttBridge;
import io.iotgw.gateway.cli.GatewayCommand;
import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.config.ConfigException;
import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.echo.DeviceRegistry;
import io.iotgw.gateway.echo.GatewayServer;
import io.iotgw.gateway.echo.StartupException;
import io.iotgw.gateway.spool.Spool;
import java.io.IOException;
import java.io.PrintStream;
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
    private final PrintStream err;

    Main(Map<String, String> env, PrintStream err) {
        this.env = env;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new Main(System.getenv(), System.err).run(args));
    }

    int run(String[] args) {
        CommandLine cmd = GatewayCommand.commandLine();
        ParseResult parsed;
        try {
            parsed = cmd.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return usageError(e.getMessage(), e.getCommandLine().getCommandName());
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
        DeviceRegistry registry = new DeviceRegistry();
        MqttBridge bridge;
        try {
            bridge = config.bridge().isPresent() ? openBridge(config.bridge().get(), registry) : null;
        } catch (StartupException e) {
            return fail(e, debug);
        }
        GatewayServer server;
        try {
            server = new GatewayServer(config, registry, bridge);
            server.start();
        } catch (StartupException | IllegalStateException e) {
            if (bridge != null) {
                bridge.close();
            }
            return fail(e, debug);
        }
        if (bridge != null) {
            bridge.start();
        }
        Shutdown shutdown = new Shutdown(() -> {
            log.info("stopping on signal");
            server.close();
            if (bridge != null) {
                bridge.close();
            }
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

    private static MqttBridge openBridge(BridgeConfig config, DeviceRegistry registry) throws StartupException {
        Spool spool;
        try {
            spool = Spool.open(config.spoolDir(), config.spoolMaxBytes(), config.spoolFsync());
        } catch (IOException | RuntimeException e) {
            throw new StartupException("spool-dir " + config.spoolDir() + " cannot be used: " + e.getMessage(), e);
        }
        return new MqttBridge(config, spool, registry);
    }

    private int runSubcommand(ParseResult sub) {
        if (CommandLine.printHelpIfRequested(sub)) {
            return EXIT_OK;
        }
        try {
            return ((Callable<Integer>) sub.commandSpec().userObject()).call();
        } catch (Exception e) {
            err.println(GatewayCommand.NAME + " " + sub.commandSpec().name() + ": " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    private int usageError(String message, String command) {
        err.println(GatewayCommand.NAME + ": " + message);
        err.println("Try 'java -jar iot-gateway.jar " + (command.equals(GatewayCommand.NAME) ? "" : command + " ")
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
