package io.iotgw.gateway.bench.fleet;

import java.time.Duration;
import java.util.List;

/**
 * How the simulated fleet behaves; the firmware's defaults where it has them.
 *
 * @param outboxLines     lines a device keeps until echoed (the firmware: 32)
 * @param window          lines in flight per device at most (the firmware: 8)
 * @param ramp            the devices' first connects are spread over this long
 * @param preferredRetry  while on another gateway, how often a device tries the first one again
 * @param spread          device i's list starts at gateway i modulo their number (and wraps round), so
 *                        the fleet prefers each gateway alike; otherwise every device prefers the first
 */
record FleetConfig(List<GatewayAddress> gateways, int devices, String idPrefix, Duration interval, Duration ramp,
                   Duration backoffBase, Duration backoffCap, Duration echoTimeout, Duration connectTimeout,
                   Duration preferredRetry, int outboxLines, int window, boolean spread) {

    FleetConfig {
        gateways = List.copyOf(gateways);
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("--gateway must name at least one gateway");
        }
        if (devices < 1 || outboxLines < 1 || window < 1) {
            throw new IllegalArgumentException("--devices, --outbox and --window must be at least 1");
        }
        if (!idPrefix.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("--id-prefix must be 1 to 40 of A-Z a-z 0-9 _ . -, got '" + idPrefix + "'");
        }
        for (Duration d : List.of(interval, backoffBase, backoffCap, echoTimeout, connectTimeout, preferredRetry)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every duration must be positive");
            }
        }
    }

    /** The gateway that is {@code choice}-th in device {@code index}'s list. */
    int gatewayOf(int index, int choice) {
        return ((spread ? index : 0) + choice) % gateways.size();
    }

    /** The id device {@code index} says in HELLO, e.g. {@code fleet-00042}. */
    String deviceId(int index) {
        return String.format("%s%05d", idPrefix, index);
    }
}
