package io.iotgw.gateway.observe;

import io.iotgw.gateway.observe.GatewayView.Broker;
import io.iotgw.gateway.observe.GatewayView.SpoolStatus;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code /health} rule. Healthy while the device port is open and, with the bridge, while the
 * broker is connected or nothing waiting for it is older than {@code maxBacklogAge}: a short broker
 * outage is what the spool is for, a long one with lines piling up is not.
 */
final class Health {

    enum Status { OK, DEGRADED, FAILING }

    /**
     * The verdict and what it rests on.
     *
     * @param reason        one sentence for a person
     * @param broker        "connected", "disconnected", or empty without the bridge
     * @param oldestAgeMillis age of the oldest line the broker has not acknowledged, if any
     */
    record Report(Status status, String reason, boolean serving, Optional<String> broker, long backlogLines,
                  OptionalLong oldestAgeMillis, Duration maxBacklogAge) {

        boolean healthy() {
            return status != Status.FAILING;
        }

        int httpStatus() {
            return healthy() ? 200 : 503;
        }
    }

    private final Duration maxBacklogAge;

    Health(Duration maxBacklogAge) {
        this.maxBacklogAge = maxBacklogAge;
    }

    Report check(boolean serving, Optional<Broker> broker, Optional<SpoolStatus> spool, long nowMillis) {
        long backlog = spool.map(SpoolStatus::backlogLines).orElse(0L);
        OptionalLong age = spool.flatMap(s -> s.oldestMillis().isPresent()
                ? Optional.of(Math.max(0, nowMillis - s.oldestMillis().getAsLong())) : Optional.empty())
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        Optional<String> link = broker.map(b -> b.connected() ? "connected" : "disconnected");
        if (!serving) {
            return new Report(Status.FAILING, "the device port is not open", false, link, backlog, age, maxBacklogAge);
        }
        if (broker.isEmpty() || broker.get().connected()) {
            return new Report(Status.OK, broker.isEmpty() ? "serving devices" : "serving devices; broker connected",
                    true, link, backlog, age, maxBacklogAge);
        }
        if (age.isEmpty() || age.getAsLong() <= maxBacklogAge.toMillis()) {
            String waiting = age.isEmpty() ? "nothing waiting for it"
                    : backlog + " lines waiting in the spool, the oldest " + seconds(age.getAsLong()) + " old";
            return new Report(Status.DEGRADED, "broker disconnected; " + waiting, true, link, backlog, age, maxBacklogAge);
        }
        return new Report(Status.FAILING, "broker disconnected and the oldest of " + backlog + " lines waiting is "
                + seconds(age.getAsLong()) + " old (health-backlog-age " + seconds(maxBacklogAge.toMillis()) + ")",
                true, link, backlog, age, maxBacklogAge);
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
