package io.iotgw.gateway.echo;

import io.iotgw.gateway.config.GatewayConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/** Each connection's pipeline: connection limit → idle timer → device session → echo (or fixed reply). */
final class GatewayInitializer extends ChannelInitializer<Channel> {

    private final GatewayConfig config;
    private final ConnectionLimiter limiter;
    private final DeviceRegistry registry;
    private final GatewayStats stats;
    private final ChannelGroup clients;
    private final DeviceListener listener;
    private final EchoHandler echo = new EchoHandler();
    private final ByteBuf reply;

    GatewayInitializer(GatewayConfig config, ConnectionLimiter limiter, DeviceRegistry registry, GatewayStats stats,
                       ChannelGroup clients, DeviceListener listener) {
        this.config = config;
        this.limiter = limiter;
        this.registry = registry;
        this.stats = stats;
        this.clients = clients;
        this.listener = listener;
        this.reply = config.reply().map(FixedReplyHandler::encode).orElse(null);
    }

    @Override
    protected void initChannel(Channel ch) {
        if (!limiter.tryAcquire()) {
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> limiter.release());
        clients.add(ch);
        ChannelPipeline p = ch.pipeline();
        long idleMillis = config.idleTimeout().toMillis();
        if (idleMillis > 0) {
            p.addLast("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        p.addLast("session", new DeviceSessionHandler(registry, stats, config.maxLineBytes(), listener,
                DeviceSessionHandler.log.isDebugEnabled()));
        p.addLast("answer", reply == null ? echo : new FixedReplyHandler(reply));
    }
}
