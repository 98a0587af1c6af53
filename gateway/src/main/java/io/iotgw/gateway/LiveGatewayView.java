package io.iotgw.gateway;

import io.iotgw.gateway.bridge.Bridge;
import io.iotgw.gateway.bridge.BridgeStats;
import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.config.Parsers;
import io.iotgw.gateway.device.DeviceRegistry;
import io.iotgw.gateway.device.DeviceSession;
import io.iotgw.gateway.device.GatewayServer;
import io.iotgw.gateway.device.GatewayStats;
import io.iotgw.gateway.observe.GatewayView;
import io.iotgw.gateway.spool.Spool;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The observing side's {@link GatewayView} over today's parts: the device server and its registry,
 * the MQTT bridge and its spool. The one class that knows both sides; re-point it when a part
 * changes, and nothing under {@code observe} has to.
 *
 * <p>Thread-safe. Counters are read as they are; a device's own counters belong to its event loop,
 * so they are read there, one task per loop for all of its devices.
 */
final class LiveGatewayView implements GatewayView {

    private static final Logger log = LoggerFactory.getLogger(LiveGatewayView.class);
    /** A loop this busy leaves its devices out of one answer rather than hold up the page. */
    private static final long DEVICE_READ_TIMEOUT_MS = 2_000;

    private final GatewayServer server;
    private final DeviceRegistry registry;
    private final Bridge bridge;
    private final Spool spool;
    private final Optional<BridgeConfig> bridgeConfig;
    private final About about;

    /**
     * @param bridge the MQTT bridge, or null without one
     * @param spool  the bridge's spool, or null without one
     */
    LiveGatewayView(GatewayConfig config, GatewayServer server, DeviceRegistry registry, Bridge bridge, Spool spool,
                    long startedMillis) {
        this.server = server;
        this.registry = registry;
        this.bridge = bridge;
        this.spool = spool;
        this.bridgeConfig = config.bridge();
        this.about = new About(GatewayCommand.VERSION, bridgeConfig.map(BridgeConfig::gatewayId), startedMillis,
                settings(config, server));
    }

    private static Map<String, String> settings(GatewayConfig config, GatewayServer server) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("bind", config.bind());
        s.put("port", String.valueOf(config.port()));
        s.put("transport", server.transport().name().toLowerCase(Locale.ROOT));
        s.put("io-threads", String.valueOf(config.effectiveIoThreads()));
        s.put("max-connections", String.valueOf(config.maxConnections()));
        s.put("idle-timeout", duration(config.idleTimeout()));
        s.put("max-line", Parsers.bytes(config.maxLineBytes()));
        config.reply().ifPresent(r -> s.put("reply", r));
        config.bridge().ifPresent(b -> {
            s.put("mqtt", b.brokers().stream().map(Object::toString).collect(Collectors.joining(",")));
            s.put("topic-prefix", b.topicPrefix());
            s.put("mqtt-qos", String.valueOf(b.qos()));
            s.put("spool-dir", b.spoolDir().toString());
            s.put("spool-max-mb", String.valueOf(b.spoolMaxBytes() >> 20));
            s.put("spool-fsync", duration(b.spoolFsync()));
            s.put("health-backlog-age", duration(config.observe().healthBacklogAge()));
        });
        return s;
    }

    private static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0";
        }
        return ms % 3_600_000 == 0 ? ms / 3_600_000 + "h" : ms % 60_000 == 0 ? ms / 60_000 + "m"
                : ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }

    @Override
    public About about() {
        return about;
    }

    @Override
    public Traffic traffic() {
        GatewayStats s = server.stats();
        return new Traffic(server.openConnections(), s.accepted(), s.refused(), s.idleClosed(), s.replaced(), s.lines(),
                s.bytesIn(), s.bytesOut(), s.overlongLines(), s.withheld());
    }

    @Override
    public List<Device> devices() {
        Map<EventLoop, List<Channel>> byLoop = registry.channels().stream()
                .collect(Collectors.groupingBy(Channel::eventLoop));
        List<Future<List<Device>>> reads = new ArrayList<>(byLoop.size());
        for (Map.Entry<EventLoop, List<Channel>> loop : byLoop.entrySet()) {
            try {
                reads.add(loop.getKey().submit(() -> read(loop.getValue())));
            } catch (RejectedExecutionException e) {
                log.debug("devices of a stopping event loop left out");
            }
        }
        List<Device> devices = new ArrayList<>(registry.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEVICE_READ_TIMEOUT_MS);
        for (Future<List<Device>> read : reads) {
            try {
                devices.addAll(read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException e) {
                log.debug("devices of a busy event loop left out: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        devices.sort(Comparator.comparing(Device::id));
        return devices;
    }

    /** On the channels' event loop, whose fields the sessions' counters are. */
    private static List<Device> read(List<Channel> channels) {
        List<Device> devices = new ArrayList<>(channels.size());
        for (Channel channel : channels) {
            DeviceSession s = DeviceSession.of(channel);
            if (s != null && channel.isActive()) {
                devices.add(new Device(s.deviceId(), s.helloNamed(), s.remote(), s.connectedMillis(), s.linesIn(),
                        s.linesOut(), s.bytesIn(), s.bytesOut(), s.lastLineMillis(), s.tls(), s.proven()));
            }
        }
        return devices;
    }

    @Override
    public Optional<Broker> broker() {
        if (bridge == null) {
            return Optional.empty();
        }
        Optional<BridgeStats.Connection> connection = bridge.stats().connection();
        return Optional.of(new Broker(
                bridgeConfig.orElseThrow().brokers().stream().map(Object::toString).toList(),
                connection.map(BridgeStats.Connection::uri),
                connection.map(BridgeStats.Connection::sinceMillis).orElse(0L),
                bridge.stats().reconnects(), bridge.stats().lines(), bridge.downlinksWritten(), bridge.downlinksDropped()));
    }

    @Override
    public Optional<SpoolStatus> spool() {
        if (spool == null) {
            return Optional.empty();
        }
        OptionalLong oldest = spool.oldestMillis();
        return Optional.of(new SpoolStatus(spool.sizeBytes(), bridgeConfig.orElseThrow().spoolMaxBytes(),
                spool.backlog(), oldest, spool.dropped()));
    }

    @Override
    public boolean serving() {
        return server.isServing();
    }
}
