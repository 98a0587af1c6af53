package io.iotgw.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.observe.Health.Report;
import io.iotgw.gateway.observe.Health.Status;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HealthTest {

    private static final long NOW = 10_000_000L;
    private final Health health = new Health(Duration.ofSeconds(60));
    private final FakeView view = new FakeView();

    private Report check() {
        return health.check(view.serving(), view.broker(), view.spool(), NOW);
    }

    @Test
    void withoutBridge_serving_isOk200() {
        Report r = check();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.broker()).isEmpty();
        assertThat(r.reason()).isEqualTo("serving devices");
    }

    @Test
    void devicePortClosed_isFailing503_whateverTheBroker() {
        view.withBridge(true, 0, OptionalLong.empty()).serving = false;
        Report r = check();
        assertThat(r.httpStatus()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("the device port is not open");
    }

    @Test
    void brokerConnected_withAnOldBacklog_isOk() {
        view.withBridge(true, 5000, OptionalLong.of(NOW - 3_600_000));
        Report r = check();
        assertThat(r.status()).isEqualTo(Status.OK);
        assertThat(r.reason()).isEqualTo("serving devices; broker connected");
        assertThat(r.oldestAgeMillis()).hasValue(3_600_000);
    }

    @Test
    void brokerDisconnected_nothingWaiting_isDegraded200() {
        view.withBridge(false, 0, OptionalLong.empty());
        Report r = check();
        assertThat(r.status()).isEqualTo(Status.DEGRADED);
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("broker disconnected; nothing waiting for it");
    }

    @Test
    void brokerDisconnected_backlogYoungerThanTheLimit_isDegraded200() {
        view.withBridge(false, 12, OptionalLong.of(NOW - 60_000));
        Report r = check();
        assertThat(r.httpStatus()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo("broker disconnected; 12 lines waiting in the spool, the oldest 60 s old");
    }

    @Test
    void brokerDisconnected_backlogOlderThanTheLimit_isFailing503NamingTheSetting() {
        view.withBridge(false, 12, OptionalLong.of(NOW - 60_500));
        Report r = check();
        assertThat(r.status()).isEqualTo(Status.FAILING);
        assertThat(r.httpStatus()).isEqualTo(503);
        assertThat(r.reason()).isEqualTo("broker disconnected and the oldest of 12 lines waiting is 60.5 s old "
                + "(health-backlog-age 60 s)");
    }

    @Test
    void oldestLineStampedInTheFuture_countsAsNew() {
        view.withBridge(false, 1, OptionalLong.of(NOW + 5_000)); // a clock set back after the line arrived
        assertThat(check().httpStatus()).isEqualTo(200);
        assertThat(check().oldestAgeMillis()).hasValue(0);
    }
}
