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
 */
public record Setting<T>(String key, String label, String description, String defaultValue, Parser<T> parser) {

    public static final String ENV_PREFIX = "IOTGW_";

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
    }

    public String flag() {
        return "--" + key;
    }

    public String envVar() {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
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
