package io.iotgw.gateway.tls;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.Optional;

/**
 * What a TLS connection established, kept on the connection for the session handler: on the TLS
 * port a connection becomes active downstream only after its handshake succeeded, and by then this
 * is set. A plain connection has none.
 *
 * @param protocol      TLSv1.3 or TLSv1.2
 * @param cipherSuite   the suite agreed
 * @param certificateId the device id the verified client certificate names (its subject CN), or
 *                      null when the TLS port asks for no client certificate
 */
public record TlsPeer(String protocol, String cipherSuite, String certificateId) {

    static final AttributeKey<TlsPeer> KEY = AttributeKey.valueOf("iotgw.tls-peer");

    public static Optional<TlsPeer> of(Channel channel) {
        return Optional.ofNullable(channel.attr(KEY).get());
    }

    /** The device id the connection's client certificate proves, or null (plain, or no client certificate). */
    public static String certificateIdOf(Channel channel) {
        TlsPeer peer = channel.attr(KEY).get();
        return peer == null ? null : peer.certificateId();
    }

    public static boolean isTls(Channel channel) {
        return channel.hasAttr(KEY) && channel.attr(KEY).get() != null;
    }
}
