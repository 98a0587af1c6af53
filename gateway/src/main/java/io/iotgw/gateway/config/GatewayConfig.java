package io.iotgw.gateway.config;

import io.iotgw.gateway.Transport;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's validated configuration. Parsers come from {@link ConfigLoader}, which has already
 * checked each one against its rule; the constructor guards the invariants code relies on.
 *
 * @param bind           address to listen on
 * @param port           TCP port; 0 picks a free one; {@link #PORT_OFF} for none (TLS port only)
 * @param reply          fixed-reply mode: answer the first message with this text, then close
 * @param maxConnections connections beyond this are closed as soon as they are accepted
 * @param idleTimeout    a connection that sends nothing for this long is closed; zero turns it off
 * @param maxLineBytes   the longest line the gateway frames as a message
 * @param maxUnfinishedBytes memory all connections' unfinished lines may hold together; beyond it
 *                       the connections holding the most are closed
 * @param transport      epoll, NIO, or auto (epoll where available)
 * @param ioThreads      event-loop threads serving connections; 0 means one per CPU core
 * @param bridge         the MQTT bridge, when broker URIs are configured
 * @param observe        the HTTP side (status page, metrics, health) and the stats message
 * @param tls            the TLS port, when one is configured
 * @param auth           how devices prove their ids
 */
public record GatewayConfig(String bind, int port, Optional<String> reply, int maxConnections,
                            Duration idleTimeout, int maxLineBytes, int maxUnfinishedBytes, Transport transport,
                            int ioThreads, Optional<BridgeConfig> bridge, ObserveConfig observe, Optional<TlsConfig> tls,
                            AuthConfig auth) {

    public static final String DEFAULT_BIND = "0.0.0.0";
    public static final int DEFAULT_PORT = 12345;
    /** {@code port: off}: no plain port, devices connect over TLS only. */
    public static final int PORT_OFF = -1;
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final String DEFAULT_IDLE_TIMEOUT = "5m";
    public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;
    /** A HELLO line must fit, and a little more. */
    public static final int MIN_MAX_LINE_BYTES = 128;
    public static final int MAX_MAX_LINE_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_MAX_UNFINISHED_BYTES = 32 * 1024 * 1024;
    public static final int MAX_MAX_UNFINISHED_BYTES = 1024 * 1024 * 1024;

    public GatewayConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(observe, "observe");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(auth, "auth");
        if (port < PORT_OFF || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535 or PORT_OFF, got " + port);
        }
        if (port == PORT_OFF && tls.isEmpty()) {
            throw new IllegalArgumentException("with the plain port off, a TLS port is needed");
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
        if (maxUnfinishedBytes < maxLineBytes) {
            throw new IllegalArgumentException("maxUnfinishedBytes must be at least maxLineBytes (" + maxLineBytes
                    + "), got " + maxUnfinishedBytes);
        }
        if (ioThreads < 0) {
            throw new IllegalArgumentException("ioThreads must not be negative, got " + ioThreads);
        }
    }

    /** False when {@code port: off}: devices connect over TLS only. */
    public boolean plainPortOn() {
        return port != PORT_OFF;
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
