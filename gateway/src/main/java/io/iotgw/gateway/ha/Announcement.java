package io.iotgw.gateway.ha;

import java.util.Objects;

/**
 * One message for Home Assistant, to publish at QoS 1: a discovery config, or an empty retained
 * payload that removes one.
 *
 * @param topic    where to publish it
 * @param payload  the config's JSON, or empty to remove the config
 * @param retained true for configs and their removal, so Home Assistant finds them whenever it starts
 */
public record Announcement(String topic, byte[] payload, boolean retained) {

    static final byte[] REMOVE = new byte[0];

    public Announcement {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
    }

    static Announcement config(String topic, byte[] payload) {
        return new Announcement(topic, payload, true);
    }

    static Announcement removal(String topic) {
        return new Announcement(topic, REMOVE, true);
    }

    public boolean isRemoval() {
        return payload.length == 0;
    }
}
