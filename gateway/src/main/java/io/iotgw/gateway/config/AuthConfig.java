package io.iotgw.gateway.config;

import io.iotgw.gateway.auth.AuthPolicy;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How devices prove their ids.
 *
 * @param policy      off, optional or required
 * @param credentials the file of device ids and token hashes, when there is one
 */
public record AuthConfig(AuthPolicy policy, Optional<Path> credentials) {

    public static final AuthPolicy DEFAULT_POLICY = AuthPolicy.OFF;

    public AuthConfig {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(credentials, "credentials");
    }
}
