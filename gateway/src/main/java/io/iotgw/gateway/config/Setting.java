package io.iotgw.gateway.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration setting, known by the same key as a flag ({@code --max-line}), an environment
 * variable ({@code IOTGW_MAX_LINE}) and a YAML key ({@code max-line}).
 *
 * @param key          the YAML key, and the flag without its dashes
 * @param label        the value's placeholder in help, e.g. {@code PORT}
 * @param description  one line of help
 * @param defaultValue the default as a user would write it, or {@code null} when absent means "off"
 * @param parser       turns the text into a value, or says which rule the text breaks
 * @param group        the section of {@code --help} that lists it
 * @param bareValue    the value of the flag given alone ({@code --ha-discovery}), or {@code null} when it needs one
 */
public record Setting<T>(String key, String label, String description, String defaultValue, Parser<T> parser,
                         Group group, String bareValue) {

    public static final String ENV_PREFIX = "IOTGW_";

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(group, "group");
    }

    /** A setting whose flag always takes a value. */
    public Setting(String key, String label, String description, String defaultValue, Parser<T> parser, Group group) {
        this(key, label, description, defaultValue, parser, group, null);
    }

    public String flag() {
        return "--" + key;
    }

    public String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The sections of {@code --help}, in the order it shows them. */
    public enum Group {
        NETWORK("Network"),
        LIMITS("Limits"),
        MQTT("MQTT bridge (on with --mqtt)"),
        SPOOL("Spool (the bridge's lines until the broker has them)"),
        TRUST("TLS and device credentials"),
        READINGS("Readings and Home Assistant"),
        OBSERVE("Status page, metrics and health (on with --http-port)"),
        LOGGING("Logging"),
        CONFIGURATION("Configuration and help");

        private final String heading;

        Group(String heading) {
            this.heading = heading;
        }

        public String heading() {
            return heading;
        }
    }

    /** Parses a raw value; the exception's message is the rule, e.g. "must be a port number from 0 to 65535". */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String raw) throws RuleViolation;
    }

    /** The rule a raw value breaks, phrased to follow the setting's name ("must be ..."). */
    public static final class RuleViolation extends Exception {
        private static final long serialVersionUID = 1L;

        public RuleViolation(String rule) {
            super(rule, null, false, false);
        }
    }
}
