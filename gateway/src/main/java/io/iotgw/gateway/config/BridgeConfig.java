package io.iotgw.gateway.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The MQTT bridge's validated configuration; present only when broker URIs are given.
 *
 * @param brokers            broker URIs (tcp:// or ssl://), tried in turn
 * @param gatewayId          this gateway's topic level and MQTT client id
 * @param topicPrefix        first topic level, {@code iotgw} by default
 * @param username           broker user, if the broker wants one
 * @param password           broker password, if the broker wants one
 * @param qos                QoS of device lines (0, 1 or 2)
 * @param keepAlive          MQTT keep-alive interval
 * @param inflight           most publishes awaiting the broker's acknowledgement at once
 * @param drainRatePerSecond how fast a backlog drains, over and above live traffic
 * @param publisherNice      how much lower (in Linux nice steps) the publishing threads run than those serving devices
 * @param spoolDir           where the spool's segment files live
 * @param spoolMaxBytes      spool size bound; the oldest entries are dropped beyond it
 * @param spoolFsync         how often appends are forced to disk; zero forces before each echo
 * @param readings           reading fields and Home Assistant discovery
 * @param downlinkMaxBytes   the longest downlink taken, its final LF not counted
 * @param downlinkBacklogBytes downlink bytes that may wait to be written to one device; more are dropped
 */
public record BridgeConfig(List<URI> brokers, String gatewayId, String topicPrefix, Optional<String> username,
                           Optional<String> password, int qos, Duration keepAlive, int inflight,
                           int drainRatePerSecond, int publisherNice, Path spoolDir, long spoolMaxBytes, Duration spoolFsync,
                           ReadingsConfig readings, int downlinkMaxBytes, int downlinkBacklogBytes) {

    public static final String DEFAULT_TOPIC_PREFIX = "iotgw";
    public static final int DEFAULT_QOS = 1;
    public static final String DEFAULT_KEEP_ALIVE = "30s";
    public static final int DEFAULT_INFLIGHT = 128;
    public static final int DEFAULT_DRAIN_RATE = 2_000;
    public static final int DEFAULT_PUBLISHER_NICE = 10;
    /** Where the spool goes unless told: the user's state directory, as the XDG base directory rules have it. */
    public static final String DEFAULT_SPOOL_DIR = "$XDG_STATE_HOME/iot-gateway/spool";

    /** {@link #DEFAULT_SPOOL_DIR} for this user: {@code $XDG_STATE_HOME}, else {@code ~/.local/state}. */
    public static java.nio.file.Path defaultSpoolDir(java.util.Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        java.nio.file.Path base = state != null && !state.isBlank() && java.nio.file.Path.of(state).isAbsolute()
                ? java.nio.file.Path.of(state)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("iot-gateway").resolve("spool");
    }
    public static final int DEFAULT_SPOOL_MAX_MB = 256;
    public static final String DEFAULT_SPOOL_FSYNC = "1s";
    /** The ESP32 sketch reads a line into 160 bytes (LineReader::kMax); a longer downlink would arrive cut. */
    public static final int DEFAULT_DOWNLINK_MAX_BYTES = 160;
    /** About 25 downlinks of the longest kind: commands are few, a device that does not read gets no more. */
    public static final int DEFAULT_DOWNLINK_BACKLOG_BYTES = 4 * 1024;

    public BridgeConfig {
        brokers = List.copyOf(brokers);
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(spoolDir, "spoolDir");
        Objects.requireNonNull(spoolFsync, "spoolFsync");
        Objects.requireNonNull(readings, "readings");
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("brokers must not be empty");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
        }
        if (inflight < 1 || drainRatePerSecond < 1 || spoolMaxBytes < 1) {
            throw new IllegalArgumentException("inflight, drainRatePerSecond and spoolMaxBytes must be positive");
        }
        if (downlinkMaxBytes < 1 || downlinkBacklogBytes <= downlinkMaxBytes) {
            throw new IllegalArgumentException("downlinkBacklogBytes must exceed downlinkMaxBytes >= 1, got "
                    + downlinkBacklogBytes + " and " + downlinkMaxBytes);
        }
        if (publisherNice < 0 || publisherNice > 19) {
            throw new IllegalArgumentException("publisherNice must be 0..19, got " + publisherNice);
        }
    }

    @Override
    public String toString() { // never log the password
        return "BridgeConfig[brokers=" + brokers + ", gatewayId=" + gatewayId + ", topicPrefix=" + topicPrefix
                + ", username=" + username.orElse("-") + ", qos=" + qos + ", inflight=" + inflight
                + ", spoolDir=" + spoolDir + ", spoolMaxBytes=" + spoolMaxBytes + ", spoolFsync=" + spoolFsync
                + ", readings=" + readings + "]";
    }
}
