package io.iotgw.gateway.observe;

import java.util.function.LongSupplier;

/**
 * The gateway's counters as one JSON message, published retained on
 * {@code <prefix>/<gateway-id>/stats}, as Mosquitto publishes {@code $SYS}: a subscriber sees the
 * latest at once. The same parts as the status page: the gateway, its traffic, the broker link and
 * the spool, with the time of the reading in {@code ts}. Thread-safe: each payload is a new reading.
 */
public final class StatsMessage {

    private final GatewayView view;
    private final Meters meters;
    private final LongSupplier clock;

    /** @param clock epoch milliseconds */
    public StatsMessage(GatewayView view, Meters meters, LongSupplier clock) {
        this.view = view;
        this.meters = meters;
        this.clock = clock;
    }

    /** A reading taken now, as the message's UTF-8 JSON payload. */
    public byte[] payload() {
        long now = clock.getAsLong();
        return StatusJson.object(json -> {
            json.writeStringField("ts", StatusJson.timestamp(now));
            StatusJson.gateway(json, view.about(), view.serving(), now);
            StatusJson.traffic(json, view.traffic(), meters.authFailures());
            StatusJson.broker(json, view.broker());
            StatusJson.spool(json, view.spool(), now);
        });
    }
}
