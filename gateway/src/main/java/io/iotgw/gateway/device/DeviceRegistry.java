package io.iotgw.gateway.device;

import io.netty.channel.Channel;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The connected devices by id. A device id has at most one connection: a new connection claiming
 * an id that is taken replaces the old one, as an MQTT broker does with client ids.
 */
public final class DeviceRegistry {

    private final ConcurrentMap<String, Channel> byId = new ConcurrentHashMap<>();

    /** Gives {@code id} to {@code channel}; returns the connection that had it, if another did. */
    public Optional<Channel> claim(String id, Channel channel) {
        Channel previous = byId.put(id, channel);
        return previous == null || previous == channel ? Optional.empty() : Optional.of(previous);
    }

    /** Frees {@code id} if {@code channel} still holds it (a replaced connection does not). */
    public void release(String id, Channel channel) {
        byId.remove(id, channel);
    }

    public Optional<Channel> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The session of the device connected under {@code id}, if one is. */
    public Optional<DeviceSession> findSession(String id) {
        return find(id).map(DeviceSession::of);
    }

    public int size() {
        return byId.size();
    }

    /** The connections holding an id now: a live view, for reading. */
    public Collection<Channel> channels() {
        return Collections.unmodifiableCollection(byId.values());
    }
}
