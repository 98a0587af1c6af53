package io.iotgw.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The TLS port for devices.
 *
 * @param port             TCP port; 0 picks a free one
 * @param certificate      PEM certificate chain, the gateway's own first
 * @param key              PEM private key (PKCS#8) of that certificate
 * @param clientCa         PEM CA certificates that sign device certificates; when present a device
 *                         must show one, and its name is the device id
 * @param handshakeTimeout a connection that has not finished its handshake by then is closed
 */
public record TlsConfig(int port, Path certificate, Path key, Optional<Path> clientCa, Duration handshakeTimeout) {

    /**
     * Short for a silent client, long enough for a fleet reconnecting at once: their handshakes queue
     * behind each other, and one cut off by the timeout only comes back to try again.
     */
    public static final String DEFAULT_HANDSHAKE_TIMEOUT = "30s";

    public TlsConfig {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(clientCa, "clientCa");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, got " + port);
        }
        if (handshakeTimeout.isZero() || handshakeTimeout.isNegative()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
    }
}
