package io.iotgw.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Builds a {@link GatewayConfig} from its sources in order of precedence: flags, then environment
 * variables ({@code IOTGW_*}), then the YAML file, then defaults.
 */
public final class ConfigLoader {

    /** The environment variable that names a config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = Setting.ENV_PREFIX + "CONFIG";

    private final Map<String, String> flags;
    private final Map<String, String> env;
    private final Map<String, String> file;
    private final String fileName;

    private ConfigLoader(Map<String, String> flags, Map<String, String> env, Map<String, String> file, String fileName) {
        this.flags = flags;
        this.env = env;
        this.file = file;
        this.fileName = fileName;
    }

    /**
     * @param flags      values given as flags, by setting key (e.g. {@code "max-line" -> "1MiB"})
     * @param env        the process environment
     * @param configFile the {@code --config} file, or {@code null} to use {@value #CONFIG_ENV} or no file
     */
    public static GatewayConfig load(Map<String, String> flags, Map<String, String> env, Path configFile)
            throws ConfigException {
        Path path = configFile;
        String pathSource = "--config";
        if (path == null && env.containsKey(CONFIG_ENV)) {
            path = Path.of(env.get(CONFIG_ENV));
            pathSource = CONFIG_ENV;
        }
        Map<String, String> fileValues = path == null ? Map.of() : readYaml(path, pathSource);
        String name = path == null ? "" : path.toString();
        return new ConfigLoader(flags, env, fileValues, name).build();
    }

    static GatewayConfig defaultsOnly() {
        try {
            return new ConfigLoader(Map.of(), Map.of(), Map.of(), "").build();
        } catch (ConfigException e) {
            throw new IllegalStateException("a default value breaks its own rule: " + e.getMessage(), e);
        }
    }

    private GatewayConfig build() throws ConfigException {
        return new GatewayConfig(
                value(Settings.BIND),
                value(Settings.PORT),
                Optional.ofNullable(value(Settings.REPLY)),
                value(Settings.MAX_CONNECTIONS),
                value(Settings.IDLE_TIMEOUT),
                value(Settings.MAX_LINE),
                value(Settings.TRANSPORT),
                value(Settings.IO_THREADS),
                bridge());
    }

    private Optional<BridgeConfig> bridge() throws ConfigException {
        List<URI> brokers = value(Settings.MQTT);
        if (brokers == null) {
            return Optional.empty();
        }
        String gatewayId = value(Settings.GATEWAY_ID);
        return Optional.of(new BridgeConfig(brokers,
                gatewayId != null ? gatewayId : hostNameAsId(),
                value(Settings.TOPIC_PREFIX),
                Optional.ofNullable(value(Settings.MQTT_USERNAME)),
                password(),
                value(Settings.MQTT_QOS),
                value(Settings.MQTT_KEEP_ALIVE),
                value(Settings.MQTT_INFLIGHT),
                value(Settings.MQTT_DRAIN_RATE),
                value(Settings.MQTT_NICE),
                value(Settings.SPOOL_DIR),
                value(Settings.SPOOL_MAX_MB) * 1024L * 1024L,
                value(Settings.SPOOL_FSYNC)));
    }

    private Optional<String> password() throws ConfigException {
        String password = value(Settings.MQTT_PASSWORD);
        Path file = value(Settings.MQTT_PASSWORD_FILE);
        if (password != null || file == null) {
            return Optional.ofNullable(password);
        }
        try {
            return Optional.of(Files.readAllLines(file).stream().findFirst().orElse("").strip());
        } catch (IOException e) {
            throw new ConfigException("mqtt-password-file " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The host name as a topic level: its first label, cut to the id alphabet. */
    static String hostNameAsId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "gateway");
        }
        String id = host.split("\\.")[0].replaceAll("[^A-Za-z0-9_-]", "-");
        id = id.length() > 64 ? id.substring(0, 64) : id;
        return id.isEmpty() ? "gateway" : id;
    }

    private <T> T value(Setting<T> setting) throws ConfigException {
        if (flags.containsKey(setting.key())) {
            return parse(setting, flags.get(setting.key()), setting.flag());
        }
        if (env.containsKey(setting.envVar())) {
            return parse(setting, env.get(setting.envVar()), setting.envVar());
        }
        if (file.containsKey(setting.key())) {
            return parse(setting, file.get(setting.key()), setting.key() + " in " + fileName);
        }
        return setting.defaultValue() == null ? null : parse(setting, setting.defaultValue(), setting.key());
    }

    private static <T> T parse(Setting<T> setting, String raw, String source) throws ConfigException {
        try {
            return setting.parser().parse(raw);
        } catch (Setting.RuleViolation e) {
            throw new ConfigException(source + " " + e.getMessage() + ", got '" + raw + "'");
        }
    }

    private static Map<String, String> readYaml(Path path, String source) throws ConfigException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigException(source + " names a file that does not exist: " + path);
        } catch (IOException e) {
            throw new ConfigException(source + " names a file that cannot be read: " + path + " (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(path + " is not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Map.of();
        }
        if (!root.isObject()) {
            throw new ConfigException(path + " must be a YAML mapping of settings such as 'port: 12345'");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (Settings.ALL.stream().noneMatch(s -> s.key().equals(key))) {
                throw new ConfigException(path + " has an unknown setting '" + key + "' (known: " + knownKeys() + ")");
            }
            values.put(key, scalar(key, field.getValue(), path));
        }
        return values;
    }

    /** A value as text; a list of values (e.g. several broker URIs) joins with commas. */
    private static String scalar(String key, JsonNode node, Path path) throws ConfigException {
        if (node.isValueNode() && !node.isNull()) {
            return node.asText();
        }
        if (node.isArray() && node.size() > 0) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new ConfigException(key + " in " + path + " must be a value or a list of values, got '" + node + "'");
                }
                items.add(item.asText());
            }
            return String.join(",", items);
        }
        throw new ConfigException(key + " in " + path + " must be a value or a list of values, got '" + node + "'");
    }

    private static String knownKeys() {
        return Settings.ALL.stream().map(Setting::key).collect(Collectors.joining(", "));
    }
}
