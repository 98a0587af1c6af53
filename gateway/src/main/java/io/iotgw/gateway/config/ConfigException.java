package io.iotgw.gateway.config;

/** A configuration a user got wrong. The message is one line naming the setting, the rule and the value. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
