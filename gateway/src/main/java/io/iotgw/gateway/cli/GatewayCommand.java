package io.iotgw.gateway.cli;

import io.iotgw.gateway.bench.BenchCommand;
import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.Setting;
import io.iotgw.gateway.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The gateway's command line, built from the {@link Settings} table so that flags, environment
 * variables, the YAML file and the help text always name the same settings.
 */
public final class GatewayCommand {

    public static final String NAME = "iot-gateway";
    public static final String VERSION = versionOfJar();

    private GatewayCommand() {
    }

    /** What the user asked for on the command line, settings still as text. */
    public record Invocation(Map<String, String> flags, Path configFile, boolean debug) {
    }

    public static CommandLine commandLine() {
        CommandSpec spec = CommandSpec.create().name(NAME).version(NAME + " " + VERSION).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description("TCP echo gateway for IoT devices: every byte a device sends comes back to it.")
                .footer("", "Each setting can also come from the environment (" + Setting.ENV_PREFIX
                                + "<SETTING>, e.g. IOTGW_MAX_LINE) or the YAML file of --config (e.g. 'max-line: 64KiB').",
                        "Precedence: flags, then environment, then file, then defaults.",
                        "Exit codes: 0 stopped normally, 2 bad setting or port in use, 1 unexpected failure.");
        for (Setting<?> setting : Settings.ALL) {
            String where = " Env " + setting.envVar() + "." + (setting.defaultValue() == null ? ""
                    : " Default: " + setting.defaultValue() + ".");
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel(setting.label())
                    .type(String.class)
                    .description(setting.description() + where)
                    .build());
        }
        spec.addOption(OptionSpec.builder("--config")
                .paramLabel("FILE")
                .type(Path.class)
                .description("YAML file with settings by the same names. Env " + ConfigLoader.CONFIG_ENV + ".")
                .build());
        spec.addOption(OptionSpec.builder("--debug")
                .arity("0")
                .type(boolean.class)
                .description("Log every message, and show stack traces with errors.")
                .build());
        CommandLine cmd = new CommandLine(spec);
        cmd.addSubcommand("bench", new CommandLine(new BenchCommand()));
        cmd.setAllowSubcommandsAsOptionParameters(true); // "--gateway-id bench" names a gateway, not the subcommand
        return cmd;
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

    private static String versionOfJar() {
        String v = GatewayCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
