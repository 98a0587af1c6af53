package io.iotgw.gateway.config;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What the gateway shows about itself: the HTTP side (status page, metrics, health, JSON) and the
 * retained stats message.
 *
 * @param httpPort         port of the HTTP side; absent: no HTTP side; 0 picks a free one
 * @param httpBind         address the HTTP side listens on
 * @param healthBacklogAge with the bridge, health fails while the broker is away and the oldest
 *                         unpublished line is older than this
 * @param statsInterval    how often the stats message is published; zero turns it off
 * @param deviceSeries     per-device metric series for at most this many HELLO-named devices; 0: none
 */
public record ObserveConfig(OptionalInt httpPort, String httpBind, Duration healthBacklogAge, Duration statsInterval,
                            int deviceSeries) {

    public static final String DEFAULT_HTTP_BIND = "127.0.0.1";
    public static final String DEFAULT_HEALTH_BACKLOG_AGE = "5m";
    public static final String DEFAULT_STATS_INTERVAL = "30s";
    public static final int MAX_DEVICE_SERIES = 10_000;

    public ObserveConfig {
        Objects.requireNonNull(httpPort, "httpPort");
        Objects.requireNonNull(httpBind, "httpBind");
        Objects.requireNonNull(healthBacklogAge, "healthBacklogAge");
        Objects.requireNonNull(statsInterval, "statsInterval");
        if (healthBacklogAge.isNegative() || statsInterval.isNegative()) {
            throw new IllegalArgumentException("healthBacklogAge and statsInterval must not be negative");
        }
        if (deviceSeries < 0 || deviceSeries > MAX_DEVICE_SERIES) {
            throw new IllegalArgumentException("deviceSeries must be 0.." + MAX_DEVICE_SERIES + ", got " + deviceSeries);
        }
    }
}
