package io.iotgw.gateway;

import io.iotgw.gateway.auth.DeviceCommand;
import io.iotgw.gateway.bench.BenchCommand;
import io.iotgw.gateway.bench.fleet.FleetCommand;
import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.NearNames;
import io.iotgw.gateway.config.Setting;
import io.iotgw.gateway.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The gateway's command line, built from the {@link Settings} table so that flags, environment
 * variables, the YAML file and the help text always name the same settings; {@code --help} lists
 * them by {@link Setting.Group}.
 */
public final class GatewayCommand {

    public static final String NAME = "iot-gateway";
    public static final String VERSION = versionOfJar();

    /** picocli's own suggestions share only an option's first two letters; more than this many help no one. */
    private static final int MOST_PREFIX_SUGGESTIONS = 3;

    private GatewayCommand() {
    }

    /** What the user asked for on the command line, settings still as text. */
    public record Invocation(Map<String, String> flags, Path configFile, boolean debug) {
    }

    public static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name(NAME).version(NAME + " " + VERSION);
        spec.usageMessage()
                .sortOptions(false)
                .customSynopsis(NAME + " [OPTIONS]", "       " + NAME + " bench [OPTIONS]",
                        "  (without the package's command: java -jar iot-gateway.jar [OPTIONS])")
                .description("TCP echo gateway for IoT devices: every byte a device sends comes back to it. With --mqtt, "
                        + "each line a device sends also goes to an MQTT broker, and what is published to its down "
                        + "topic is written to it.")
                .commandListHeading("%nCommands:%n")
                .footerHeading("%nExamples:%n")
                .footer("  iot-gateway --port 4000 --max-connections 500 --idle-timeout 10m",
                        "  iot-gateway --mqtt tcp://localhost:1883 --gateway-id pi-kitchen",
                        "  iot-gateway --config /etc/iot-gateway/gateway.yaml --debug",
                        "  IOTGW_MAX_LINE=1MiB iot-gateway",
                        "  iot-gateway bench --connections 100 --duration-s 10",
                        "",
                        "Each setting can also come from the environment (" + Setting.ENV_PREFIX
                                + "<SETTING>, e.g. IOTGW_MAX_LINE) or the YAML file of --config (e.g. 'max-line: 64KiB').",
                        "Precedence: flags, then environment, then file, then defaults.",
                        "Exit codes: 0 stopped normally, 2 bad setting or port in use, 1 unexpected failure.");
        for (Setting.Group group : Setting.Group.values()) {
            List<OptionSpec> options = new ArrayList<>();
            for (Setting<?> setting : Settings.ALL) {
                if (setting.group() == group) {
                    options.add(option(setting));
                }
            }
            options.addAll(commandOptions(group));
            if (!options.isEmpty()) {
                ArgGroupSpec.Builder section = ArgGroupSpec.builder().heading("%n" + group.heading() + ":%n")
                        .exclusive(false).validate(false);
                options.forEach(section::addArg);
                spec.addArgGroup(section.build());
            }
        }
        CommandLine cmd = new CommandLine(spec);
        cmd.addSubcommand("bench", new CommandLine(new BenchCommand()));
        cmd.addSubcommand("fleet", new CommandLine(new FleetCommand()));
        cmd.addSubcommand("device", new CommandLine(new DeviceCommand()));
        cmd.setAllowSubcommandsAsOptionParameters(true); // "--gateway-id bench" names a gateway, not the subcommand
        return cmd;
    }

    private static OptionSpec option(Setting<?> setting) {
        String where = " Env " + setting.envVar() + "." + (setting.defaultValue() == null ? ""
                : " Default: " + setting.defaultValue() + ".");
        OptionSpec.Builder option = OptionSpec.builder(setting.flag())
                .paramLabel(setting.label())
                .type(String.class)
                .description(setting.description() + where);
        if (setting.bareValue() != null) { // --ha-discovery alone means --ha-discovery on
            option.arity("0..1").fallbackValue(setting.bareValue());
        }
        return option.build();
    }

    /** The options that are not settings, in the help section they belong to. */
    private static List<OptionSpec> commandOptions(Setting.Group group) {
        return switch (group) {
            case LOGGING -> List.of(OptionSpec.builder("--debug")
                    .arity("0")
                    .type(boolean.class)
                    .description("Log every message, and show stack traces with errors.")
                    .build());
            case CONFIGURATION -> List.of(
                    OptionSpec.builder("--config")
                            .paramLabel("FILE")
                            .type(Path.class)
                            .description("YAML file with settings by the same names. Env " + ConfigLoader.CONFIG_ENV + ".")
                            .build(),
                    OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help and exit.").build(),
                    OptionSpec.builder("-V", "--version").versionHelp(true).description("Show the version and exit.").build());
            default -> List.of();
        };
    }

    public static Invocation invocation(ParseResult result) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            OptionSpec option = result.matchedOption(setting.flag());
            if (option != null) {
                flags.put(setting.key(), option.getValue());
            }
        }
        Path config = result.matchedOptionValue("--config", null);
        boolean debug = result.matchedOptionValue("--debug", false);
        return new Invocation(flags, config, debug);
    }

    /**
     * A command-line error as one line: an unknown option with the options it was probably meant to be
     * (of the command or subcommand it was given to), anything else as picocli words it.
     */
    public static String describe(CommandLine.ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched) || !unmatched.isUnknownOption()) {
            return e.getMessage();
        }
        String option = unmatched.getUnmatched().get(0).split("=", 2)[0];
        List<String> near = option.startsWith("--")
                ? NearNames.of(option, e.getCommandLine().getCommandSpec().optionsMap().keySet()) : List.of();
        if (near.isEmpty() && unmatched.getSuggestions().size() <= MOST_PREFIX_SUGGESTIONS) {
            near = unmatched.getSuggestions();
        }
        return "unknown option '" + option + "'" + (near.isEmpty() ? "" : " (did you mean " + NearNames.joined(near) + "?)");
    }

    private static String versionOfJar() {
        String v = GatewayCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
