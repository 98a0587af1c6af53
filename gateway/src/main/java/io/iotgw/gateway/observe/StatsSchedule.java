package io.iotgw.gateway.observe;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a fresh stats payload to the publisher every interval, the first one interval after start.
 * The publisher decides what to do with it (the bridge publishes it retained while connected). One
 * daemon thread of its own, which only reads counters and builds the JSON.
 */
public final class StatsSchedule implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatsSchedule.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "iotgw-stats");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param payload  makes the message, e.g. {@link StatsMessage#payload()}
     * @param publish  takes it to the broker
     */
    public StatsSchedule(Duration interval, Supplier<byte[]> payload, Consumer<byte[]> publish) {
        long millis = interval.toMillis();
        if (millis <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + interval);
        }
        timer.scheduleAtFixedRate(() -> {
            try {
                publish.accept(payload.get());
            } catch (RuntimeException e) { // the next one may do better; a dead timer would not
                log.warn("stats message not published: {}", e.toString());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
