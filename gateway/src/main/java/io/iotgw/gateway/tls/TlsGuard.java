package io.iotgw.gateway.tls;

import io.iotgw.gateway.log.LogText;
import io.iotgw.gateway.log.RateLimitedLog;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Sits behind the {@link SslHandler} and lets a connection into the rest of the pipeline only once
 * its handshake succeeded: {@code channelActive} is held until then, with the {@link TlsPeer} set
 * (and, when client certificates are required, only if the certificate names a valid device id).
 * A failed handshake — plain bytes on the TLS port (closed at the first bytes), silence past the
 * handshake timeout, a certificate refused — is counted, logged at most once every ten seconds,
 * and closed; the handlers after this one never hear of it.
 *
 * <p>Stateless (the state is the SslHandler's and the channel's), so one instance serves all
 * connections of a TLS port.
 */
@Sharable
final class TlsGuard extends ChannelInboundHandlerAdapter {

    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(TlsGuard.class);

    private final boolean clientCertificates;
    private final TlsStats stats;
    private final RateLimitedLog problems;

    TlsGuard(boolean clientCertificates, TlsStats stats, LongSupplier nanoClock) {
        this.clientCertificates = clientCertificates;
        this.stats = stats;
        this.problems = new RateLimitedLog(log, Level.WARN, LOG_INTERVAL, nanoClock);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // held: the connection becomes active for the handlers after this one when its handshake succeeds
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof SslHandshakeCompletionEvent done)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!done.isSuccess()) {
            refuse(ctx, done.cause());
            return;
        }
        SSLSession session = ctx.pipeline().get(SslHandler.class).engine().getSession();
        String certificateId = null;
        if (clientCertificates) {
            certificateId = deviceIdOf(session);
            if (certificateId == null) {
                stats.noDeviceId.increment();
                problems.log("TLS client {}: its certificate's CN {} is no device id (1-64 of A-Z a-z 0-9 _ . -): closed",
                        address(ctx.channel().remoteAddress()), LogText.escape(String.valueOf(commonName(session)), 100));
                ctx.close();
                return;
            }
        }
        TlsPeer peer = new TlsPeer(session.getProtocol(), session.getCipherSuite(), certificateId);
        ctx.channel().attr(TlsPeer.KEY).set(peer);
        stats.handshakes.increment();
        if (log.isDebugEnabled()) {
            log.debug("TLS client {}: {} {}{}", address(ctx.channel().remoteAddress()), peer.protocol(), peer.cipherSuite(),
                    certificateId == null ? "" : ", device " + certificateId + " by its certificate");
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // before the handshake succeeded: the completion event that follows counts and logs it
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // never active for the handlers after this one: nothing to tell them
    }

    private void refuse(ChannelHandlerContext ctx, Throwable cause) {
        String from = address(ctx.channel().remoteAddress());
        Throwable root = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (root instanceof NotSslRecordException) {
            stats.notTls.increment();
            problems.log("TLS client {} sent bytes that are not TLS (a plain client on the TLS port?): closed "
                    + "({} refused so far)", from, stats.refused());
        } else if (root instanceof SslHandshakeTimeoutException) {
            stats.timedOut.increment();
            problems.log("TLS client {} did not finish its handshake within tls-handshake-timeout: closed "
                    + "({} refused so far)", from, stats.refused());
        } else {
            stats.failed.increment();
            problems.log("TLS handshake with {} failed: {}: closed ({} refused so far)", from,
                    LogText.escape(String.valueOf(root.getMessage()), 160), stats.refused());
        }
        ctx.close();
    }

    private static String deviceIdOf(SSLSession session) {
        X509Certificate peer = peerCertificate(session);
        return peer == null ? null : CertificateNames.deviceId(peer);
    }

    private static String commonName(SSLSession session) {
        X509Certificate peer = peerCertificate(session);
        return peer == null ? null : CertificateNames.commonName(peer);
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress a ? a.getAddress().getHostAddress() + ":" + a.getPort()
                : String.valueOf(remote);
    }
}
