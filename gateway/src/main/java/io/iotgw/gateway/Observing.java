package io.iotgw.gateway;

import io.iotgw.gateway.bridge.Bridge;
import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.config.ObserveConfig;
import io.iotgw.gateway.observe.GatewayView;
import io.iotgw.gateway.observe.Meters;
import io.iotgw.gateway.observe.ObserveServer;
import io.iotgw.gateway.observe.StatsMessage;
import io.iotgw.gateway.observe.StatsSchedule;

/**
 * What shows the gateway to the outside, started together and stopped together: the HTTP side
 * (when {@code http-port} is set) and the stats message (with the bridge, every {@code stats-interval}).
 */
final class Observing implements AutoCloseable {

    private final ObserveServer http;
    private final StatsSchedule stats;

    private Observing(ObserveServer http, StatsSchedule stats) {
        this.http = http;
        this.stats = stats;
    }

    /** @param bridge the MQTT bridge, or null without one */
    static Observing start(GatewayConfig config, GatewayView view, Meters meters, Bridge bridge)
            throws StartupException {
        ObserveConfig observe = config.observe();
        ObserveServer http = null;
        if (observe.httpPort().isPresent()) {
            http = new ObserveServer(observe, view, meters, System::currentTimeMillis);
            http.start();
        }
        StatsSchedule stats = null;
        if (bridge != null && !observe.statsInterval().isZero()) {
            // The scheduling hook: the payload goes to whoever publishes for the bridge.
            StatsMessage message = new StatsMessage(view, meters, System::currentTimeMillis);
            stats = new StatsSchedule(observe.statsInterval(), message::payload, bridge::publishStats);
        }
        return new Observing(http, stats);
    }

    @Override
    public void close() {
        if (stats != null) {
            stats.close();
        }
        if (http != null) {
            http.close();
        }
    }
}
