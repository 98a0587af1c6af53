package io.iotgw.gateway.bridge;

import io.iotgw.gateway.GatewayCommand;
import io.iotgw.gateway.config.BridgeConfig;
import io.iotgw.gateway.ha.Discovery;
import io.iotgw.gateway.device.DeviceListener;
import io.iotgw.gateway.device.DeviceRegistry;
import io.iotgw.gateway.device.DeviceSession;
import io.iotgw.gateway.spool.Spool;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bridges devices and an MQTT broker: device lines go to the {@link Spool}, whose writer releases
 * their echo once they are kept; the {@link Publisher} takes them from there to the broker, with
 * device presence and the gateway's own status; downlinks from the broker go to device connections.
 * The publisher's thread, and the MQTT client's threads started from it, run {@code publisherNice}
 * steps nicer than those serving devices, so that on a saturated CPU echoes come first and the
 * spool takes the slack.
 */
public final class Bridge implements DeviceListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Bridge.class);
    private static final AttributeKey<Handing> HANDING = AttributeKey.valueOf("iotgw.bridge");
    /** Room in the client beyond the window, for the goodbye at close. */
    private static final int CLIENT_SPARE_INFLIGHT = 8;

    private final BridgeConfig config;
    private final Spool spool;
    private final ScheduledThreadPoolExecutor executor;
    private final Publisher publisher;
    private final Downlinks downlinks;
    private final BridgeStats stats = new BridgeStats();
    private final MqttLink link;
    private final Topics topics;

    /** @param downlinkGate whether a downlink may go to the connection holding its device id */
    public Bridge(BridgeConfig config, Spool spool, DeviceRegistry registry, BiPredicate<String, Channel> downlinkGate) {
        this(config, spool, registry, downlinkGate::test, events -> new PahoMqttLink(config,
                new Topics(config.topicPrefix(), config.gatewayId()), config.inflight() + CLIENT_SPARE_INFLIGHT, events));
    }

    Bridge(BridgeConfig config, Spool spool, DeviceRegistry registry, Downlinks.Gate downlinkGate,
           Function<MqttLink.Events, MqttLink> links) {
        this.config = config;
        this.spool = spool;
        this.topics = new Topics(config.topicPrefix(), config.gatewayId());
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            // the MQTT client's threads start from this one, so they inherit its lower priority
            Thread t = new Thread(() -> {
                Niceness.lowerCurrentThread(config.publisherNice());
                r.run();
            }, "iotgw-mqtt");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        Discovery discovery = config.readings().homeAssistant().map(ha -> new Discovery(ha, config.topicPrefix(),
                config.gatewayId(), GatewayCommand.VERSION)).orElse(null);
        this.publisher = new Publisher(config, topics, spool, executor, stats, discovery, new ArrayList<>());
        this.downlinks = new Downlinks(topics, registry, config.downlinkMaxBytes(), config.downlinkBacklogBytes(),
                downlinkGate, System::nanoTime);
        MqttLink.Events published = publisher.events();
        this.link = links.apply(new MqttLink.Events() {
            @Override
            public void connectionLost(Throwable cause) {
                published.connectionLost(cause);
            }

            @Override
            public void messageArrived(String topic, byte[] payload) {
                if (publisher.isHomeAssistantTopic(topic)) {
                    publisher.post(() -> publisher.homeAssistant(topic, payload));
                } else {
                    downlinks.arrived(topic, payload);
                }
            }

            @Override
            public void published(Object context, Throwable error) {
                published.published(context, error);
            }
        });
    }

    /** Starts connecting; lines are spooled meanwhile, whether or not the broker is there. */
    public void start() {
        log.info("MQTT bridge to {} as gateway '{}' under '{}/': QoS {}, {} in flight at most, publishing {} nice steps "
                        + "below the device threads; spool in {} (at most {} MB, {})",
                config.brokers(), config.gatewayId(), config.topicPrefix(), config.qos(), config.inflight(),
                config.publisherNice(), spool.dir().toAbsolutePath(), config.spoolMaxBytes() >> 20,
                config.spoolFsync().isZero() ? "every line forced to disk before its echo"
                        : "forced to disk every " + config.spoolFsync().toMillis() + " ms");
        publisher.start(link);
    }

    public BridgeStats stats() {
        return stats;
    }

    public long downlinksWritten() {
        return downlinks.written();
    }

    public long downlinksDropped() {
        return downlinks.dropped();
    }

    /**
     * Publishes the gateway's stats message (retained) through the one window, if the broker is
     * connected now; skipped otherwise, since the next one comes soon and a stale one helps nobody.
     */
    public void publishStats(byte[] payload) {
        publisher.post(() -> {
            if (publisher.up()) {
                publisher.offer(new Outgoing(topics.gatewayStats(), payload, 1, true));
            }
        });
    }

    // ---- device side (event loops) ----

    @Override
    public void onLines(DeviceSession device, List<byte[]> lines, long receivedMillis, Handover done) {
        Handing handing = device.channel().attr(HANDING).get();
        if (handing == null || !handing.source.deviceId().equals(device.deviceId())) {
            handing = new Handing(new Spool.Source(device.deviceId(), device.remote()), done);
            device.channel().attr(HANDING).set(handing);
        }
        List<Spool.Line> entries = new ArrayList<>(lines.size());
        for (byte[] line : lines) {
            entries.add(new Spool.Line(handing.source, receivedMillis, line));
        }
        spool.append(entries, device.channel().eventLoop(), handing.done == done ? handing : new Handing(handing.source, done));
    }

    @Override
    public void onNamed(DeviceSession device) {
        publisher.post(() -> {
            publisher.presence().arrived(device);
            publisher.signal();
        });
    }

    @Override
    public void onGone(DeviceSession device, boolean replaced) {
        publisher.post(() -> {
            publisher.presence().left(device);
            publisher.signal();
        });
    }

    /** A connection's name as the spool stores it, and its answer to the spool (one per connection). */
    private static final class Handing implements Spool.Completion {
        final Spool.Source source;
        final Handover done;

        Handing(Spool.Source source, Handover done) {
            this.source = source;
            this.done = done;
        }

        @Override
        public void appended() {
            done.taken();
        }

        @Override
        public void failed(IOException cause) {
            done.refused(cause);
        }
    }

    /** Says goodbye to the broker (gateway offline, retained), disconnects and closes the spool. */
    @Override
    public void close() {
        try {
            executor.submit(publisher::close).get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("could not say goodbye to the broker: {}", e.toString());
        }
        executor.shutdownNow();
        link.disconnect();
        link.close();
        log.info("MQTT bridge stopped: {} published, {} downlinks written, {} dropped; {}", Spool.lines(stats.lines()),
                downlinks.written(), downlinks.dropped(), publisher.backlogText());
        try {
            spool.close();
        } catch (IOException e) {
            log.error("cannot close the spool cleanly: {}", e.getMessage());
        }
    }
}
