package io.iotgw.gateway.config;

import io.iotgw.gateway.echo.Transport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Every setting the gateway takes: one table for flags, environment, YAML file and help. */
public final class Settings {

    public static final Setting<String> BIND = new Setting<>("bind", "ADDR",
            "Address to listen on.", GatewayConfig.DEFAULT_BIND, Values::host);
    public static final Setting<Integer> PORT = new Setting<>("port", "PORT",
            "TCP port to listen on (0 picks a free one).", String.valueOf(GatewayConfig.DEFAULT_PORT), Values::port);
    public static final Setting<String> REPLY = new Setting<>("reply", "TEXT",
            "Fixed-reply mode: answer each client's first message with TEXT instead of an echo, then close.",
            null, Values::nonEmptyText);
    public static final Setting<Integer> MAX_CONNECTIONS = new Setting<>("max-connections", "N",
            "Most clients connected at once; more are closed on arrival, counted and logged.",
            String.valueOf(GatewayConfig.DEFAULT_MAX_CONNECTIONS), Values.intRange(1, 1_000_000));
    public static final Setting<Duration> IDLE_TIMEOUT = new Setting<>("idle-timeout", "DURATION",
            "Close a client that sends nothing for this long, e.g. 90s, 5m, 1h; 0 turns it off.",
            GatewayConfig.DEFAULT_IDLE_TIMEOUT, Values::duration);
    public static final Setting<Integer> MAX_LINE = new Setting<>("max-line", "SIZE",
            "Longest line taken as a message, e.g. 64KiB; longer lines are echoed but not bridged.",
            Values.bytes(GatewayConfig.DEFAULT_MAX_LINE_BYTES),
            Values.byteSize(GatewayConfig.MIN_MAX_LINE_BYTES, GatewayConfig.MAX_MAX_LINE_BYTES));
    public static final Setting<Transport> TRANSPORT = new Setting<>("transport", "KIND",
            "Network transport: auto (epoll where available), epoll or nio.", "auto", Values.oneOf(Transport.class));

    public static final Setting<Integer> IO_THREADS = new Setting<>("io-threads", "N",
            "Threads serving connections; 0 means one per CPU core.", "0", Values.intRange(0, 256));

    public static final Setting<List<URI>> MQTT = new Setting<>("mqtt", "URI[,URI...]",
            "MQTT broker URIs (tcp:// or ssl://), tried in turn; absent: no bridge.", null, Values::brokerUris);
    public static final Setting<String> GATEWAY_ID = new Setting<>("gateway-id", "ID",
            "This gateway's topic level and MQTT client id; default: the host name.", null, Values::topicId);
    public static final Setting<String> TOPIC_PREFIX = new Setting<>("topic-prefix", "PREFIX",
            "First level(s) of every topic.", BridgeConfig.DEFAULT_TOPIC_PREFIX, Values::topicPrefix);
    public static final Setting<String> MQTT_USERNAME = new Setting<>("mqtt-username", "USER",
            "Broker user name.", null, Values::nonEmptyText);
    public static final Setting<String> MQTT_PASSWORD = new Setting<>("mqtt-password", "PASSWORD",
            "Broker password; prefer --mqtt-password-file or the environment.", null, Values::nonEmptyText);
    public static final Setting<Path> MQTT_PASSWORD_FILE = new Setting<>("mqtt-password-file", "FILE",
            "File holding the broker password (first line).", null, Values::path);
    public static final Setting<Integer> MQTT_QOS = new Setting<>("mqtt-qos", "QOS",
            "QoS of device lines: 0, 1 or 2.", String.valueOf(BridgeConfig.DEFAULT_QOS), Values.intRange(0, 2));
    public static final Setting<Duration> MQTT_KEEP_ALIVE = new Setting<>("mqtt-keep-alive", "DURATION",
            "MQTT keep-alive interval.", BridgeConfig.DEFAULT_KEEP_ALIVE, Values::duration);
    public static final Setting<Integer> MQTT_INFLIGHT = new Setting<>("mqtt-inflight", "N",
            "Most publishes awaiting the broker's acknowledgement at once.",
            String.valueOf(BridgeConfig.DEFAULT_INFLIGHT), Values.intRange(1, 65_535));
    public static final Setting<Integer> MQTT_DRAIN_RATE = new Setting<>("mqtt-drain-rate", "N",
            "Messages per second a backlog drains at, over and above live traffic.",
            String.valueOf(BridgeConfig.DEFAULT_DRAIN_RATE), Values.intRange(1, 1_000_000));
    public static final Setting<Integer> MQTT_NICE = new Setting<>("mqtt-nice", "N",
            "How many nice steps lower the threads publishing to the broker run (Linux): under full CPU load the "
                    + "devices' echoes come first and the spool takes the slack; 0 runs them alike.",
            String.valueOf(BridgeConfig.DEFAULT_PUBLISHER_NICE), Values.intRange(0, 19));
    public static final Setting<Path> SPOOL_DIR = new Setting<>("spool-dir", "DIR",
            "Directory of the on-disk spool of lines not yet acknowledged by the broker.",
            BridgeConfig.DEFAULT_SPOOL_DIR, Values::path);
    public static final Setting<Integer> SPOOL_MAX_MB = new Setting<>("spool-max-mb", "MB",
            "Spool size bound; beyond it the oldest lines are dropped, counted and logged.",
            String.valueOf(BridgeConfig.DEFAULT_SPOOL_MAX_MB), Values.intRange(1, 1_000_000));
    public static final Setting<Duration> SPOOL_FSYNC = new Setting<>("spool-fsync", "DURATION",
            "How often spooled lines are forced to disk; 0 forces them before each echo (slow, power-loss safe).",
            BridgeConfig.DEFAULT_SPOOL_FSYNC, Values::duration);

    public static final List<Setting<?>> ALL = List.of(BIND, PORT, REPLY, MAX_CONNECTIONS, IDLE_TIMEOUT, MAX_LINE,
            TRANSPORT, IO_THREADS, MQTT, GATEWAY_ID, TOPIC_PREFIX, MQTT_USERNAME, MQTT_PASSWORD, MQTT_PASSWORD_FILE,
            MQTT_QOS, MQTT_KEEP_ALIVE, MQTT_INFLIGHT, MQTT_DRAIN_RATE, MQTT_NICE, SPOOL_DIR, SPOOL_MAX_MB, SPOOL_FSYNC);

    private Settings() {
    }
}
