package io.iotgw.gateway.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.iotgw.gateway.auth.AuthPolicy;
import io.iotgw.gateway.ha.SensorTable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Builds a {@link GatewayConfig} from its sources in order of precedence: flags, then environment
 * variables ({@code IOTGW_*}), then the YAML file, then defaults.
 *
 * <p>Every {@code IOTGW_*} variable must be a setting, {@value #CONFIG_ENV}, or one of the switches
 * of this project's own tests ({@value #TEST_SWITCHES_PREFIX}* and {@value #REQUIRE_ALL_TESTS}),
 * which a gateway started by a test inherits and lets be: anything else is a typo that would
 * otherwise go unnoticed, and ends the program like an unknown key in the file.
 */
public final class ConfigLoader {

    /** The environment variable that names a config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = Setting.ENV_PREFIX + "CONFIG";
    /** Reserved for switches of the project's tests, e.g. IOTGW_TEST_JAVA17. */
    static final String TEST_SWITCHES_PREFIX = Setting.ENV_PREFIX + "TEST_";
    /** The tests' switch that turns a missing tool into a failure (CI sets it). */
    static final String REQUIRE_ALL_TESTS = Setting.ENV_PREFIX + "REQUIRE_ALL_TESTS";
    private static final String VALUE_RULE = "must be a value, a list of values or a mapping of names to values";

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
        refuseUnknownVariables(env);
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
        int maxLine = value(Settings.MAX_LINE);
        int maxUnfinished = value(Settings.MAX_UNFINISHED);
        if (maxUnfinished < maxLine) {
            throw new ConfigException("max-unfinished must be at least max-line (" + Parsers.bytes(maxLine) + "), got '"
                    + Parsers.bytes(maxUnfinished) + "'");
        }
        return new GatewayConfig(
                value(Settings.BIND),
                value(Settings.PORT),
                Optional.ofNullable(value(Settings.REPLY)),
                value(Settings.MAX_CONNECTIONS),
                value(Settings.IDLE_TIMEOUT),
                maxLine,
                maxUnfinished,
                value(Settings.TRANSPORT),
                value(Settings.IO_THREADS),
                bridge(),
                observe(),
                tls(),
                auth());
    }

    private ObserveConfig observe() throws ConfigException {
        Integer httpPort = value(Settings.HTTP_PORT);
        return new ObserveConfig(httpPort == null ? OptionalInt.empty() : OptionalInt.of(httpPort),
                value(Settings.HTTP_BIND),
                value(Settings.HEALTH_BACKLOG_AGE),
                value(Settings.STATS_INTERVAL),
                value(Settings.METRICS_DEVICES));
    }

    /** The TLS port; its files must come together, and without one the plain port cannot be off. */
    private Optional<TlsConfig> tls() throws ConfigException {
        Integer port = value(Settings.TLS_PORT);
        Path cert = value(Settings.TLS_CERT);
        Path key = value(Settings.TLS_KEY);
        Path clientCa = value(Settings.TLS_CLIENT_CA);
        int plainPort = value(Settings.PORT);
        if (port == null) {
            if (plainPort == GatewayConfig.PORT_OFF) {
                throw broken(Settings.PORT, "can be off only with a TLS port (tls-port, tls-cert and tls-key)");
            }
            for (Setting<Path> file : List.of(Settings.TLS_CERT, Settings.TLS_KEY, Settings.TLS_CLIENT_CA)) {
                if (value(file) != null) {
                    throw broken(file, "needs tls-port to turn TLS on");
                }
            }
            return Optional.empty();
        }
        if (cert == null || key == null) {
            throw broken(Settings.TLS_PORT, "needs tls-cert and tls-key (PEM files)");
        }
        if (port != 0 && port == plainPort) {
            throw broken(Settings.TLS_PORT, "must differ from port");
        }
        return Optional.of(new TlsConfig(port, cert, key, Optional.ofNullable(clientCa),
                value(Settings.TLS_HANDSHAKE_TIMEOUT)));
    }

    private AuthConfig auth() throws ConfigException {
        AuthPolicy policy = value(Settings.AUTH);
        Optional<Path> credentials = Optional.ofNullable(value(Settings.CREDENTIALS));
        if (policy == AuthPolicy.OPTIONAL && credentials.isEmpty()) {
            throw broken(Settings.AUTH, "needs credentials (a file made with 'iot-gateway device add') when optional");
        }
        if (policy == AuthPolicy.REQUIRED && credentials.isEmpty() && value(Settings.TLS_CLIENT_CA) == null) {
            throw broken(Settings.AUTH, "needs credentials or tls-client-ca when required");
        }
        return new AuthConfig(policy, credentials);
    }

    /** A value that is well formed but breaks a rule involving other settings. */
    private ConfigException broken(Setting<?> setting, String rule) {
        String source;
        String raw;
        if (flags.containsKey(setting.key())) {
            source = setting.flag();
            raw = flags.get(setting.key());
        } else if (env.containsKey(setting.envVar())) {
            source = setting.envVar();
            raw = env.get(setting.envVar());
        } else if (file.containsKey(setting.key())) {
            source = setting.key() + " in " + fileName;
            raw = file.get(setting.key());
        } else {
            source = setting.key();
            raw = String.valueOf(setting.defaultValue());
        }
        return new ConfigException(source + " " + rule + ", got '" + raw + "'");
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
                Optional.ofNullable(value(Settings.SPOOL_DIR)).orElseGet(() -> BridgeConfig.defaultSpoolDir(env)),
                value(Settings.SPOOL_MAX_MB) * 1024L * 1024L,
                value(Settings.SPOOL_FSYNC),
                readings(),
                downlinkMax(),
                value(Settings.DOWNLINK_BACKLOG)));
    }

    private ReadingsConfig readings() throws ConfigException {
        boolean fields = value(Settings.READINGS);
        if (!value(Settings.HA_DISCOVERY)) {
            return new ReadingsConfig(fields, Optional.empty());
        }
        if (!fields) {
            throw new ConfigException(source(Settings.READINGS) + " must be on while ha-discovery is on "
                    + "(Home Assistant's sensors read the fields), got 'off'");
        }
        SensorTable sensors = value(Settings.HA_SENSORS);
        return new ReadingsConfig(true, Optional.of(new HaConfig(value(Settings.HA_PREFIX),
                sensors != null ? sensors : SensorTable.BUILT_IN)));
    }

    private int downlinkMax() throws ConfigException {
        int max = value(Settings.DOWNLINK_MAX);
        if (value(Settings.DOWNLINK_BACKLOG) <= max) {
            throw broken(Settings.DOWNLINK_BACKLOG, "must be larger than downlink-max (" + Parsers.bytes(max) + ")");
        }
        return max;
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
            throw new ConfigException(source(Settings.MQTT_PASSWORD_FILE) + " " + file + " cannot be read: " + reason(e));
        }
    }

    /** Why a file could not be read, in the words of ls or cat: "no such file", "permission denied", …. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(e.getMessage());
        return reason.isEmpty() ? reason : reason.substring(0, 1).toLowerCase(Locale.ROOT) + reason.substring(1);
    }

    private static void refuseUnknownVariables(Map<String, String> env) throws ConfigException {
        Set<String> known = new TreeSet<>();
        Settings.ALL.forEach(s -> known.add(s.envVar()));
        known.add(CONFIG_ENV);
        for (String name : new TreeSet<>(env.keySet())) {
            if (name.startsWith(Setting.ENV_PREFIX) && !known.contains(name) && !name.equals(REQUIRE_ALL_TESTS)
                    && !name.startsWith(TEST_SWITCHES_PREFIX)) {
                throw new ConfigException("the environment has an unknown setting " + name + nearOrKnown(name, known));
            }
        }
    }

    /** " (did you mean X?)" for a near name, else " (known: …)". */
    private static String nearOrKnown(String name, Collection<String> known) {
        List<String> near = NearNames.of(name, known);
        return near.isEmpty() ? " (known: " + String.join(", ", known) + ")"
                : " (did you mean " + NearNames.joined(near) + "?)";
    }

    /** The host name as a topic level: its first label, cut to the id alphabet. */
    static String hostNameAsId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "gateway");
        }
        return idFromHostName(host, "gateway");
    }

    /**
     * A host name as an id: its first label, characters outside {@code [A-Za-z0-9_-]} become
     * {@code -}, at most 64 of them, {@code fallback} when nothing is left. The Pi client names
     * devices by the same rule (and tests that the two agree).
     */
    public static String idFromHostName(String host, String fallback) {
        String id = host.split("\\.", -1)[0].replaceAll("[^A-Za-z0-9_-]", "-");
        id = id.length() > 64 ? id.substring(0, 64) : id;
        return id.isEmpty() ? fallback : id;
    }

    private <T> T value(Setting<T> setting) throws ConfigException {
        String raw = flags.containsKey(setting.key()) ? flags.get(setting.key())
                : env.containsKey(setting.envVar()) ? env.get(setting.envVar())
                : file.containsKey(setting.key()) ? file.get(setting.key())
                : setting.defaultValue();
        return raw == null ? null : parse(setting, raw, source(setting));
    }

    /** How the user gave the setting, as an error names it: the flag, the variable, the key in the file. */
    /** Where a setting's value comes from, named as {@link #value} names it in errors. */
    private String source(Setting<?> setting) {
        if (flags.containsKey(setting.key())) {
            return setting.flag();
        }
        if (env.containsKey(setting.envVar())) {
            return setting.envVar();
        }
        return file.containsKey(setting.key()) ? setting.key() + " in " + fileName : setting.key();
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
            throw new ConfigException(source + " names a file that cannot be read: " + path + " (" + reason(e) + ")");
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
        List<String> known = Settings.ALL.stream().map(Setting::key).toList();
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String key = field.getKey();
            if (!known.contains(key)) {
                throw new ConfigException(path + " has an unknown setting '" + key + "'" + nearOrKnown(key, known));
            }
            values.put(key, scalar(key, field.getValue(), path));
        }
        return values;
    }

    /**
     * A value as text; a list of values (e.g. several broker URIs) joins with commas, a mapping of
     * names to values (e.g. ha-sensors) becomes {@code name=value} entries joined with semicolons.
     */
    private static String scalar(String key, JsonNode node, Path path) throws ConfigException {
        if (isValue(node)) {
            return node.asText();
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            parts.add(isValue(entry.getValue()) ? entry.getKey() + "=" + entry.getValue().asText() : null);
        }
        for (JsonNode item : node.isArray() ? node : List.<JsonNode>of()) {
            parts.add(isValue(item) ? item.asText() : null);
        }
        if (parts.isEmpty() || parts.contains(null)) {
            throw new ConfigException(key + " in " + path + " " + VALUE_RULE + ", got '" + node + "'");
        }
        return String.join(node.isArray() ? "," : ";", parts);
    }

    private static boolean isValue(JsonNode node) {
        return node.isValueNode() && !node.isNull();
    }
}
