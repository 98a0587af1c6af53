package io.iotgw.gateway.device;

import io.iotgw.gateway.config.ConfigLoader;
import io.iotgw.gateway.config.GatewayConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.Map;

/** A connection's pipeline as {@link GatewayInitializer} builds it from settings, on an embedded channel. */
final class EmbeddedPipeline {

    private EmbeddedPipeline() {
    }

    static EmbeddedChannel connect(Map<String, String> flags, DeviceRegistry registry, GatewayStats stats) throws Exception {
        GatewayConfig config = ConfigLoader.load(flags, Map.of(), null);
        ConnectionLimiter limiter = new ConnectionLimiter(config.maxConnections(), stats, System::nanoTime);
        return new EmbeddedChannel(new GatewayInitializer(config, limiter, registry, stats,
                new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), null));
    }
}
