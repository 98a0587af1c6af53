package io.iotgw.gateway.config;

import io.iotgw.gateway.Transport;
import io.iotgw.gateway.auth.AuthPolicy;
import io.iotgw.gateway.config.Setting.Group;
import io.iotgw.gateway.ha.SensorTable;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Every setting the gateway takes: one table for flags, environment, YAML file and help (by its group). */
public final class Settings {

    public static final Setting<String> BIND = new Setting<>("bind", "ADDR",
            "Address to listen on.", GatewayConfig.DEFAULT_BIND, Parsers::host, Group.NETWORK);
    public static final Setting<Integer> PORT = new Setting<>("port", "PORT",
            "TCP port to listen on (0 picks a free one); off: only the TLS port.", String.valueOf(GatewayConfig.DEFAULT_PORT),
            Parsers::portOrOff, Group.NETWORK);
    public static final Setting<String> REPLY = new Setting<>("reply", "TEXT",
            "Fixed-reply mode: answer each client's first message with TEXT instead of an echo, then close.",
            null, Parsers::nonEmptyText, Group.NETWORK);
    public static final Setting<Integer> MAX_CONNECTIONS = new Setting<>("max-connections", "N",
            "Most clients connected at once; more are closed on arrival, counted and logged.",
            String.valueOf(GatewayConfig.DEFAULT_MAX_CONNECTIONS), Parsers.intRange(1, 1_000_000), Group.LIMITS);
    public static final Setting<Duration> IDLE_TIMEOUT = new Setting<>("idle-timeout", "DURATION",
            "Close a client that sends nothing for this long, e.g. 90s, 5m, 1h; 0 turns it off.",
            GatewayConfig.DEFAULT_IDLE_TIMEOUT, Parsers::duration, Group.LIMITS);
    public static final Setting<Integer> MAX_LINE = new Setting<>("max-line", "SIZE",
            "Longest line taken as a message, e.g. 64KiB; longer lines are echoed but not bridged.",
            Parsers.bytes(GatewayConfig.DEFAULT_MAX_LINE_BYTES),
            Parsers.byteSize(GatewayConfig.MIN_MAX_LINE_BYTES, GatewayConfig.MAX_MAX_LINE_BYTES), Group.LIMITS);
    public static final Setting<Integer> MAX_UNFINISHED = new Setting<>("max-unfinished", "SIZE",
            "Memory that unfinished lines of all clients together may hold, e.g. 32MiB; beyond it the clients "
                    + "holding the most are closed. At least max-line.",
            Parsers.bytes(GatewayConfig.DEFAULT_MAX_UNFINISHED_BYTES),
            Parsers.byteSize(GatewayConfig.MIN_MAX_LINE_BYTES, GatewayConfig.MAX_MAX_UNFINISHED_BYTES), Group.LIMITS);
    public static final Setting<Transport> TRANSPORT = new Setting<>("transport", "KIND",
            "Network transport: auto (epoll where available), epoll or nio.", "auto", Parsers.oneOf(Transport.class),
            Group.NETWORK);

    public static final Setting<Integer> IO_THREADS = new Setting<>("io-threads", "N",
            "Threads serving connections; 0 means one per CPU core.", "0", Parsers.intRange(0, 256), Group.NETWORK);

    public static final Setting<List<URI>> MQTT = new Setting<>("mqtt", "URI[,URI...]",
            "MQTT broker URIs (tcp:// or ssl://), tried in turn; absent: no bridge.", null, Parsers::brokerUris,
            Group.MQTT);
    public static final Setting<String> GATEWAY_ID = new Setting<>("gateway-id", "ID",
            "This gateway's topic level and MQTT client id; default: the host name.", null, Parsers::topicId,
            Group.MQTT);
    public static final Setting<String> TOPIC_PREFIX = new Setting<>("topic-prefix", "PREFIX",
            "First level(s) of every topic.", BridgeConfig.DEFAULT_TOPIC_PREFIX, Parsers::topicPrefix, Group.MQTT);
    public static final Setting<String> MQTT_USERNAME = new Setting<>("mqtt-username", "USER",
            "Broker user name.", null, Parsers::nonEmptyText, Group.MQTT);
    public static final Setting<String> MQTT_PASSWORD = new Setting<>("mqtt-password", "PASSWORD",
            "Broker password; prefer --mqtt-password-file or the environment.", null, Parsers::nonEmptyText,
            Group.MQTT);
    public static final Setting<Path> MQTT_PASSWORD_FILE = new Setting<>("mqtt-password-file", "FILE",
            "File holding the broker password (first line).", null, Parsers::path, Group.MQTT);
    public static final Setting<Integer> MQTT_QOS = new Setting<>("mqtt-qos", "QOS",
            "QoS of device lines: 0, 1 or 2.", String.valueOf(BridgeConfig.DEFAULT_QOS), Parsers.intRange(0, 2),
            Group.MQTT);
    public static final Setting<Duration> MQTT_KEEP_ALIVE = new Setting<>("mqtt-keep-alive", "DURATION",
            "MQTT keep-alive interval.", BridgeConfig.DEFAULT_KEEP_ALIVE, Parsers::duration, Group.MQTT);
    public static final Setting<Integer> MQTT_INFLIGHT = new Setting<>("mqtt-inflight", "N",
            "Most publishes awaiting the broker's acknowledgement at once.",
            String.valueOf(BridgeConfig.DEFAULT_INFLIGHT), Parsers.intRange(1, 65_535), Group.MQTT);
    public static final Setting<Integer> MQTT_DRAIN_RATE = new Setting<>("mqtt-drain-rate", "N",
            "Messages per second a backlog drains at, over and above live traffic.",
            String.valueOf(BridgeConfig.DEFAULT_DRAIN_RATE), Parsers.intRange(1, 1_000_000), Group.MQTT);
    public static final Setting<Integer> MQTT_NICE = new Setting<>("mqtt-nice", "N",
            "How many nice steps lower the threads publishing to the broker run (Linux): under full CPU load the "
                    + "devices' echoes come first and the spool takes the slack; 0 runs them alike.",
            String.valueOf(BridgeConfig.DEFAULT_PUBLISHER_NICE), Parsers.intRange(0, 19), Group.MQTT);
    public static final Setting<Path> SPOOL_DIR = new Setting<>("spool-dir", "DIR",
            "Directory of the on-disk spool of lines not yet acknowledged by the broker. Default: "
                    + "$XDG_STATE_HOME/iot-gateway/spool, or ~/.local/state/iot-gateway/spool.",
            null, Parsers::path, Group.SPOOL);
    public static final Setting<Integer> SPOOL_MAX_MB = new Setting<>("spool-max-mb", "MB",
            "Spool size bound; beyond it the oldest lines are dropped, counted and logged.",
            String.valueOf(BridgeConfig.DEFAULT_SPOOL_MAX_MB), Parsers.intRange(1, 1_000_000), Group.SPOOL);
    public static final Setting<Duration> SPOOL_FSYNC = new Setting<>("spool-fsync", "DURATION",
            "How often spooled lines are forced to disk; 0 forces them before each echo (slow, power-loss safe).",
            BridgeConfig.DEFAULT_SPOOL_FSYNC, Parsers::duration, Group.SPOOL);

    public static final Setting<Boolean> READINGS = new Setting<>("readings", "on|off",
            "Read each line as a reading (key=value pairs or a JSON object) into the envelope's fields.",
            "on", Parsers::onOff, Group.READINGS);
    public static final Setting<Boolean> HA_DISCOVERY = new Setting<>("ha-discovery", "on|off",
            "Announce each device's numeric fields to Home Assistant's MQTT discovery; the flag alone turns it on.",
            "off", Parsers::onOff, Group.READINGS, "on");
    public static final Setting<String> HA_PREFIX = new Setting<>("ha-prefix", "PREFIX",
            "Home Assistant's discovery prefix; its birth message is PREFIX/status.", HaConfig.DEFAULT_PREFIX,
            Parsers::topicPrefix, Group.READINGS);
    public static final Setting<SensorTable> HA_SENSORS = new Setting<>("ha-sensors", "KEY=SPEC[;KEY=SPEC...]",
            "Home Assistant sensors for more reading keys: SPEC is a kind (temperature, humidity, ...), "
                    + "UNIT[,DEVICE_CLASS[,STATE_CLASS]], or - to leave the key out.", null, SensorTable::parse,
            Group.READINGS);

    public static final Setting<Integer> HTTP_PORT = new Setting<>("http-port", "PORT",
            "Port of the status page, /metrics, /health and /api (0 picks a free one); absent: no HTTP side.",
            null, Parsers::port, Group.OBSERVE);
    public static final Setting<String> HTTP_BIND = new Setting<>("http-bind", "ADDR",
            "Address the HTTP side listens on; 0.0.0.0 opens it to the network.",
            ObserveConfig.DEFAULT_HTTP_BIND, Parsers::host, Group.OBSERVE);
    public static final Setting<Duration> HEALTH_BACKLOG_AGE = new Setting<>("health-backlog-age", "DURATION",
            "With the bridge, /health fails while the broker is away and the oldest unpublished line is older "
                    + "than this.", ObserveConfig.DEFAULT_HEALTH_BACKLOG_AGE, Parsers::duration, Group.OBSERVE);
    public static final Setting<Duration> STATS_INTERVAL = new Setting<>("stats-interval", "DURATION",
            "With the bridge, how often the gateway's counters go to <prefix>/<gateway-id>/stats (retained); "
                    + "0 turns it off.", ObserveConfig.DEFAULT_STATS_INTERVAL, Parsers::duration, Group.OBSERVE);
    public static final Setting<Integer> METRICS_DEVICES = new Setting<>("metrics-devices", "N",
            "Per-device series in /metrics for at most N devices named by HELLO; 0 turns them off.",
            "0", Parsers.intRange(0, ObserveConfig.MAX_DEVICE_SERIES), Group.OBSERVE);

    public static final Setting<Integer> TLS_PORT = new Setting<>("tls-port", "PORT",
            "TCP port for devices over TLS 1.2/1.3 (needs --tls-cert and --tls-key); absent: no TLS.", null, Parsers::port,
            Group.TRUST);
    public static final Setting<Path> TLS_CERT = new Setting<>("tls-cert", "FILE",
            "PEM certificate (chain) of the TLS port; read again when it changes.", null, Parsers::path, Group.TRUST);
    public static final Setting<Path> TLS_KEY = new Setting<>("tls-key", "FILE",
            "PEM private key (PKCS#8) of --tls-cert; read again when it changes.", null, Parsers::path, Group.TRUST);
    public static final Setting<Path> TLS_CLIENT_CA = new Setting<>("tls-client-ca", "FILE",
            "PEM CA certificate(s): devices on the TLS port must show a certificate it signed, whose CN is the device id.",
            null, Parsers::path, Group.TRUST);
    public static final Setting<Duration> TLS_HANDSHAKE_TIMEOUT = new Setting<>("tls-handshake-timeout", "DURATION",
            "A TLS connection whose handshake has not finished by then is closed.", TlsConfig.DEFAULT_HANDSHAKE_TIMEOUT,
            Parsers::positiveDuration, Group.TRUST);
    public static final Setting<AuthPolicy> AUTH = new Setting<>("auth", "MODE",
            "Device authentication: off; optional (devices listed in --credentials must prove their id); required (all).",
            AuthConfig.DEFAULT_POLICY.name().toLowerCase(java.util.Locale.ROOT), Parsers.oneOf(AuthPolicy.class), Group.TRUST);
    public static final Setting<Path> CREDENTIALS = new Setting<>("credentials", "FILE",
            "Device ids and token hashes, managed with 'iot-gateway device'; read again when it changes.", null,
            Parsers::path, Group.TRUST);
    public static final Setting<Integer> DOWNLINK_MAX = new Setting<>("downlink-max", "SIZE",
            "Longest downlink (its final LF not counted); longer ones are refused and counted.",
            Parsers.bytes(BridgeConfig.DEFAULT_DOWNLINK_MAX_BYTES), Parsers.byteSize(1, GatewayConfig.MAX_MAX_LINE_BYTES), Group.MQTT);
    public static final Setting<Integer> DOWNLINK_BACKLOG = new Setting<>("downlink-backlog", "SIZE",
            "Downlink bytes waiting for one device that does not read; beyond it downlinks are dropped and counted.",
            Parsers.bytes(BridgeConfig.DEFAULT_DOWNLINK_BACKLOG_BYTES), Parsers.byteSize(2, 64 << 20), Group.MQTT);

    public static final List<Setting<?>> ALL = List.of(BIND, PORT, REPLY, MAX_CONNECTIONS, IDLE_TIMEOUT, MAX_LINE,
            MAX_UNFINISHED, TRANSPORT, IO_THREADS, MQTT, GATEWAY_ID, TOPIC_PREFIX, MQTT_USERNAME, MQTT_PASSWORD,
            MQTT_PASSWORD_FILE, MQTT_QOS, MQTT_KEEP_ALIVE, MQTT_INFLIGHT, MQTT_DRAIN_RATE, MQTT_NICE, SPOOL_DIR, SPOOL_MAX_MB,
            SPOOL_FSYNC, DOWNLINK_MAX, DOWNLINK_BACKLOG, READINGS, HA_DISCOVERY, HA_PREFIX, HA_SENSORS, TLS_PORT, TLS_CERT,
            TLS_KEY, TLS_CLIENT_CA, TLS_HANDSHAKE_TIMEOUT, AUTH, CREDENTIALS, HTTP_PORT, HTTP_BIND, HEALTH_BACKLOG_AGE,
            STATS_INTERVAL, METRICS_DEVICES);

    private Settings() {
    }
}
