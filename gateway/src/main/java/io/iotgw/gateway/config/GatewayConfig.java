package io.iotgw.gateway.config;

import io.iotgw.gateway.echo.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's validated configuration. Values come from {@link ConfigLoader}, which has already
 * checked each one against its rule; the constructor guards the invariants code relies on.
 *
 * @param bind           address to listen on
 * @param port           TCP port; 0 picks a free one
 * @param reply          fixed-reply mode: answer the first message with this text, then close
 * @param maxConnections connections beyond this are closed as soon as they are accepted
 * @param idleTimeout    a connection that sends nothing for this long is closed; zero turns it off
 * @param maxLineBytes   the longest line the gateway frames as a message
 * @param transport      epoll, NIO, or auto (epoll where available)
 * @param ioThreads      event-loop threads serving connections; 0 means one per CPU core
 * @param bridge         the MQTT bridge, when broker URIs are configured
 */
public record GatewayConfig(String bind, int port, Optional<String> reply, int maxConnections,
                            Duration idleTimeout, int maxLineBytes, Transport transport,
                            int ioThreads, Optional<BridgeConfig> bridge) {

    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final int DEFAULT_PORT = 12345;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final String DEFAULT_IDLE_TIMEOUT = "5m";
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** A HELLO line must fit, and a little more. */
    public static final int MIN_MAX_LINE_BYTES = 128;
    public static final int MAX_MAX_LINE_BYTES = 16 * 1024 * 1024;

    public GatewayConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(bridge, "bridge");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, got " + maxConnections);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative, got " + idleTimeout);
        }
        if (maxLineBytes < MIN_MAX_LINE_BYTES || maxLineBytes > MAX_MAX_LINE_BYTES) {
            throw new IllegalArgumentException("maxLineBytes must be from " + MIN_MAX_LINE_BYTES + " to "
                    + MAX_MAX_LINE_BYTES + ", got " + maxLineBytes);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative, got " + ioThreads);
        }
    }

    /** The I/O threads to start: as configured, or one per CPU core. */
    public int effectiveIoThreads() {
        return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
    }

    /** The configuration with every setting at its default. */
    public static GatewayConfig defaults() {
        return ConfigLoader.defaultsOnly();
    }
}
