package io.iotgw.gateway.auth;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The device id a connection has proven, kept on the connection itself. The session handler sets
 * it when a {@link Verdict} is {@linkplain Verdict#proven() proven}; downlinks for a listed id go
 * only to a connection that proves that id.
 */
public final class DeviceProof {

    private static final AttributeKey<String> PROVEN_ID = AttributeKey.valueOf("iotgw.proven-device-id");

    private DeviceProof() {
    }

    public static void set(Channel channel, String deviceId) {
        channel.attr(PROVEN_ID).set(deviceId);
    }

    public static boolean proves(Channel channel, String deviceId) {
        return deviceId.equals(channel.attr(PROVEN_ID).get());
    }
}
