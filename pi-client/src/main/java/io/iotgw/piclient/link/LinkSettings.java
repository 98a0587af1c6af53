package io.iotgw.piclient.link;

import java.time.Duration;
import java.util.List;

/**
 * What the {@link GatewayLink} is set up with.
 *
 * @param gateways       in order of preference, at least one
 * @param token          said after the id in HELLO when not null; never shown (see {@link #toString()})
 * @param echoTimeout    an echo later than this means the connection is dead (half-open)
 * @param preferredRetry while on another gateway, how often the first one is tried again
 */
public record LinkSettings(List<Gateway> gateways, String deviceId, String token, Duration echoTimeout,
                           Duration preferredRetry) {

    public LinkSettings {
        gateways = List.copyOf(gateways);
        if (gateways.isEmpty()) {
            throw new IllegalArgumentException("a link needs at least one gateway");
        }
    }

    /** HELLO, with the token when there is one. */
    String hello() {
        return "HELLO " + deviceId + (token == null ? "" : " " + token);
    }

    @Override
    public String toString() { // never the token
        return "LinkSettings[gateways=" + gateways + ", deviceId=" + deviceId + (token == null ? "" : ", with a token")
                + ", echoTimeout=" + echoTimeout + ", preferredRetry=" + preferredRetry + "]";
    }
}
