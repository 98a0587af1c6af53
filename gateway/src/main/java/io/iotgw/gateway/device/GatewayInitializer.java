package io.iotgw.gateway.device;

import io.iotgw.gateway.auth.DeviceAuthenticator;
import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.log.RateLimitedLog;
import io.iotgw.gateway.tls.DeviceTls;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Predicate;
import org.slf4j.event.Level;

/**
 * Each connection's pipeline: refused address → connection limit → TLS (on the TLS port) → device
 * session → echo (or fixed reply) → downlink meter (writes on the channel itself pass it; the echo
 * does not).
 */
final class GatewayInitializer extends ChannelInitializer<Channel> {

    private final GatewayConfig config;
    private final ConnectionLimiter limiter;
    private final ChannelGroup clients;
    private final DeviceSessionHandler.Shared shared;
    private final GatewayStats stats;
    private final EchoHandler echo;
    private final DownlinkMeter downlinks;
    private final ByteBuf reply;
    /** Lines are framed one by one only where someone looks at them: the bridge, the debug log, the metrics. */
    private final boolean countsEveryLine;
    private final DeviceTls tls;
    private final Predicate<InetAddress> refusedAddress;

    /** A plain port's pipeline with shared state of its own (tests). */
    GatewayInitializer(GatewayConfig config, ConnectionLimiter limiter, DeviceRegistry registry, GatewayStats stats,
                       ChannelGroup clients, DeviceListener listener) {
        this(config, limiter, clients, shared(config, registry, stats, clients, listener, null), null, address -> false);
    }

    /**
     * @param shared         what all connections share, whatever their port
     * @param tls            TLS for every connection (the TLS port), or null (the plain port)
     * @param refusedAddress an address closed on arrival (one that failed to prove device ids too often lately)
     */
    GatewayInitializer(GatewayConfig config, ConnectionLimiter limiter, ChannelGroup clients,
                       DeviceSessionHandler.Shared shared, DeviceTls tls, Predicate<InetAddress> refusedAddress) {
        this.config = config;
        this.limiter = limiter;
        this.clients = clients;
        this.shared = shared;
        this.stats = shared.stats();
        this.reply = config.reply().map(FixedReplyHandler::encode).orElse(null);
        this.echo = new EchoHandler(stats);
        this.downlinks = new DownlinkMeter(stats);
        this.countsEveryLine = config.observe().httpPort().isPresent();
        this.tls = tls;
        this.refusedAddress = refusedAddress;
    }

    /** What the connections of a gateway share, both ports together. */
    static DeviceSessionHandler.Shared shared(GatewayConfig config, DeviceRegistry registry, GatewayStats stats,
                                             ChannelGroup clients, DeviceListener listener, DeviceAuthenticator auth) {
        return new DeviceSessionHandler.Shared(registry, stats, listener,
                new UnfinishedLines(config.maxUnfinishedBytes(), clients, stats), RateLimitedLog.perMinute(DeviceSessionHandler.log, Level.ERROR), auth);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (ch.remoteAddress() instanceof InetSocketAddress remote && refusedAddress.test(remote.getAddress())) {
            ch.close();
            return;
        }
        if (!limiter.tryAcquire()) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> limiter.release());
        clients.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            tls.addTo(p);
        }
        p.addLast("session", new DeviceSessionHandler(shared, config.maxLineBytes(),
                DeviceSessionHandler.log.isDebugEnabled(), countsEveryLine, config.idleTimeout().toNanos()));
        p.addLast("answer", reply == null ? echo : new FixedReplyHandler(reply, stats));
        p.addLast("downlinks", downlinks);
    }
}
