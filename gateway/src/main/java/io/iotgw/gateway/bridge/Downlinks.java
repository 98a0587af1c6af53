package io.iotgw.gateway.bridge;

import io.iotgw.gateway.echo.DeviceRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each downlink to its device's connection as one line; one for an absent device is dropped and counted. */
final class Downlinks {

    private static final Logger log = LoggerFactory.getLogger(Downlinks.class);

    private final Topics topics;
    private final DeviceRegistry registry;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    Downlinks(Topics topics, DeviceRegistry registry) {
        this.topics = topics;
        this.registry = registry;
    }

    void arrived(String topic, byte[] payload) {
        String deviceId = topics.deviceOfDownlink(topic);
        if (deviceId == null) {
            return;
        }
        Channel channel = registry.find(deviceId).orElse(null);
        if (channel == null) {
            log.info("downlink for device {} dropped: it is not connected ({} dropped so far)", deviceId,
                    dropped.incrementAndGet());
            return;
        }
        boolean hasNewline = payload.length > 0 && payload[payload.length - 1] == '\n';
        channel.writeAndFlush(hasNewline ? Unpooled.wrappedBuffer(payload)
                : Unpooled.wrappedBuffer(payload, new byte[] {'\n'}));
        written.incrementAndGet();
        log.debug("downlink for device {}: {} bytes", deviceId, payload.length);
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }
}
