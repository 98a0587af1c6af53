package io.iotgw.gateway.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeviceOutboxTest {

    private final FleetStats stats = new FleetStats(1, 1, System::nanoTime);
    private final DeviceOutbox outbox = new DeviceOutbox(4, stats);

    @Test
    void full_withLinesInFlight_losesTheOldestUnsentLine_andEchoesStillMatch() {
        for (int i = 0; i < 4; i++) {
            outbox.push("n=" + i);
        }
        assertThat(outbox.sendNext()).isEqualTo("n=0");
        assertThat(outbox.sendNext()).isEqualTo("n=1");
        outbox.push("n=4"); // n=2 makes room
        assertThat(stats.lost.sum()).isEqualTo(1);
        assertThat(outbox.takeEcho("n=0")).isTrue();
        assertThat(outbox.takeEcho("n=1")).isTrue();
        assertThat(outbox.sendNext()).isEqualTo("n=3");
    }

    @Test
    void everyLineInFlight_theNewOneIsLost() {
        for (int i = 0; i < 4; i++) {
            outbox.push("n=" + i);
            outbox.sendNext();
        }
        outbox.push("n=4");
        assertThat(stats.lost.sum()).isEqualTo(1);
        assertThat(outbox.size()).isEqualTo(4);
        assertThat(outbox.takeEcho("n=0")).isTrue();
    }

    @Test
    void unsend_resendsTheLinesInFlight_countedOncePerResend() {
        outbox.push("a");
        outbox.push("b");
        outbox.push("c");
        outbox.sendNext();
        outbox.sendNext();
        outbox.unsend();
        outbox.sendNext();
        outbox.sendNext();
        outbox.sendNext(); // "c" goes for the first time
        assertThat(stats.resent.sum()).isEqualTo(2);
        outbox.unsend();
        assertThat(outbox.takeEcho("a")).as("nothing in flight after unsend").isFalse();
        outbox.push("d");
        outbox.push("e"); // full: "a", unsent now (though written before), makes room
        assertThat(outbox.sendNext()).isEqualTo("b");
        assertThat(stats.resent.sum()).isEqualTo(3);
        outbox.sendNext(); // "c", written before
        outbox.sendNext(); // "d", new
        assertThat(stats.resent.sum()).isEqualTo(4);
    }
}
