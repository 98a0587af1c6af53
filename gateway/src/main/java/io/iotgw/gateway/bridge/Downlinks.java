package io.iotgw.gateway.bridge;

import io.iotgw.gateway.device.DeviceRegistry;
import io.iotgw.gateway.device.DeviceSession;
import io.iotgw.gateway.device.Hello;
import io.iotgw.gateway.log.LogText;
import io.iotgw.gateway.log.RateLimitedLog;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes each downlink to its device's connection as exactly one line: data, never framing. A
 * message with a line feed inside (one final LF is allowed; one is appended if missing) is refused
 * rather than split, as is one over {@code maxBytes}; neither is ever cut or queued. Per device, at
 * most {@code backlogBytes} of downlinks may wait to be written (a device that does not read); more
 * are dropped. A downlink goes only to a connection the {@link Gate} allows (with credentials: one
 * that proved the id). Every drop is counted by reason and logged at most once every ten seconds
 * per reason; "written" counts only writes that completed.
 *
 * <p>{@link #arrived} runs on the MQTT client's thread, write completions on event loops: the
 * counters are atomic, and each connection's waiting bytes live on the connection itself.
 */
final class Downlinks {

    /** Whether a downlink for a device id may go to the connection that holds the id now. */
    @FunctionalInterface
    interface Gate {
        boolean allows(String deviceId, Channel channel);
    }

    /** Why a downlink was not written. */
    enum Drop {
        NOT_CONNECTED("it is not connected"),
        LINE_FEED("it has a line feed inside (one message is one line)"),
        TOO_LONG("it is longer than downlink-max"),
        UNPROVEN("its connection has not proven the device id"),
        BACKLOG_FULL("the device is not reading: downlink-backlog is full"),
        WRITE_FAILED("the connection closed before it was written"),
        BAD_TOPIC("its topic names no valid device id");

        final String reason;

        Drop(String reason) {
            this.reason = reason;
        }
    }

    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(Downlinks.class);
    private static final AttributeKey<AtomicLong> WAITING = AttributeKey.valueOf("iotgw.downlink-bytes-waiting");
    private static final byte[] LF = {'\n'};

    private final Topics topics;
    private final DeviceRegistry registry;
    private final int maxBytes;
    private final int backlogBytes;
    private final Gate gate;
    private final LongAdder written = new LongAdder();
    private final Map<Drop, LongAdder> drops = new EnumMap<>(Drop.class);
    private final Map<Drop, RateLimitedLog> dropLogs = new EnumMap<>(Drop.class);

    Downlinks(Topics topics, DeviceRegistry registry, int maxBytes, int backlogBytes, Gate gate, LongSupplier nanoClock) {
        this.topics = topics;
        this.registry = registry;
        this.maxBytes = maxBytes;
        this.backlogBytes = backlogBytes;
        this.gate = gate;
        for (Drop d : Drop.values()) {
            drops.put(d, new LongAdder());
            // a device that is away is ordinary news; the rest means something is wrong
            dropLogs.put(d, new RateLimitedLog(log, d == Drop.NOT_CONNECTED ? Level.INFO : Level.WARN, LOG_INTERVAL, nanoClock));
        }
    }

    void arrived(String topic, byte[] payload) {
        String deviceId = topics.deviceOfDownlink(topic);
        if (deviceId == null) {
            return;
        }
        if (!Hello.DEVICE_ID.matcher(deviceId).matches()) {
            drop(Drop.BAD_TOPIC, deviceId, payload.length);
            return;
        }
        boolean endsWithLf = payload.length > 0 && payload[payload.length - 1] == '\n';
        int body = endsWithLf ? payload.length - 1 : payload.length;
        if (body > maxBytes) {
            drop(Drop.TOO_LONG, deviceId, payload.length);
            return;
        }
        for (int i = 0; i < body; i++) {
            if (payload[i] == '\n') {
                drop(Drop.LINE_FEED, deviceId, payload.length);
                return;
            }
        }
        Channel channel = registry.find(deviceId).orElse(null);
        if (channel == null) {
            drop(Drop.NOT_CONNECTED, deviceId, payload.length);
            return;
        }
        if (!gate.allows(deviceId, channel)) {
            drop(Drop.UNPROVEN, deviceId, payload.length);
            return;
        }
        int bytes = body + 1;
        AtomicLong waiting = waitingOn(channel);
        if (waiting.addAndGet(bytes) > backlogBytes) {
            waiting.addAndGet(-bytes);
            drop(Drop.BACKLOG_FULL, deviceId, payload.length);
            return;
        }
        DeviceSession session = DeviceSession.of(channel);
        if (session == null) {
            waiting.addAndGet(-bytes);
            drop(Drop.NOT_CONNECTED, deviceId, payload.length);
            return;
        }
        ChannelPromise sent = channel.newPromise();
        // between lines of the device's echo, never inside one
        session.sendLine(endsWithLf ? Unpooled.wrappedBuffer(payload) : Unpooled.wrappedBuffer(payload, LF), sent);
        sent.addListener(f -> {
            waiting.addAndGet(-bytes);
            if (f.isSuccess()) {
                written.increment();
            } else {
                drop(Drop.WRITE_FAILED, deviceId, payload.length);
            }
        });
        log.debug("downlink for device {}: {} bytes", deviceId, payload.length);
    }

    private static AtomicLong waitingOn(Channel channel) {
        AtomicLong waiting = channel.attr(WAITING).get();
        if (waiting == null) {
            AtomicLong fresh = new AtomicLong();
            waiting = channel.attr(WAITING).setIfAbsent(fresh);
            waiting = waiting == null ? fresh : waiting;
        }
        return waiting;
    }

    private void drop(Drop why, String deviceId, int length) {
        drops.get(why).increment();
        dropLogs.get(why).log("downlink for device {} dropped: {} ({} bytes; {} dropped so far for this reason)",
                LogText.escape(deviceId, 64), why.reason, length, drops.get(why).sum());
    }

    long written() {
        return written.sum();
    }

    long dropped(Drop why) {
        return drops.get(why).sum();
    }

    long dropped() {
        long n = 0;
        for (LongAdder a : drops.values()) {
            n += a.sum();
        }
        return n;
    }
}
