package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The outbox's rules, as in the firmware's tests. */
class OutboxTest {

    private final Outbox outbox = new Outbox(8, 20);

    private void fill(int from, int count) {
        for (int i = from; i < from + count; i++) {
            outbox.push("line " + i);
        }
    }

    @Test
    void full_withNothingInFlight_dropsTheOldest() {
        fill(0, 11);
        assertThat(outbox.size()).isEqualTo(8);
        assertThat(outbox.dropped()).isEqualTo(3);
        assertThat(outbox.at(0)).isEqualTo("line 3");
    }

    @Test
    void full_withLinesInFlight_dropsTheOldestUnsentLine_neverOneInFlight() {
        fill(0, 8);
        outbox.sendNext();
        outbox.sendNext();
        fill(100, 2); // "line 2" and "line 3" make room
        assertThat(outbox.dropped()).isEqualTo(2);
        assertThat(outbox.at(0)).isEqualTo("line 0");
        assertThat(outbox.at(1)).isEqualTo("line 1");
        assertThat(outbox.at(2)).isEqualTo("line 4");
        assertThat(outbox.takeEcho("line 0")).isTrue();
        assertThat(outbox.takeEcho("line 1")).isTrue();
        assertThat(outbox.sendNext()).isEqualTo("line 4");
    }

    @Test
    void everyLineInFlight_theNewLineIsDropped() {
        fill(0, 8);
        for (int i = 0; i < 8; i++) {
            outbox.sendNext();
        }
        assertThat(outbox.push("newest")).isFalse();
        assertThat(outbox.dropped()).isEqualTo(1);
        assertThat(outbox.at(7)).isEqualTo("line 7");
    }

    @Test
    void echo_takesOnlyTheOldestLineInFlight() {
        fill(0, 3);
        assertThat(outbox.takeEcho("line 0")).as("not sent yet").isFalse();
        outbox.sendNext();
        outbox.sendNext();
        assertThat(outbox.takeEcho("line 1")).as("out of order").isFalse();
        assertThat(outbox.takeEcho("line 0")).isTrue();
        assertThat(outbox.inFlight()).isEqualTo(1);
    }

    @Test
    void unsend_makesTheLinesInFlightGoAgain_countedAsResent() {
        fill(0, 3);
        outbox.sendNext();
        outbox.sendNext();
        outbox.unsend();
        assertThat(outbox.sendNext()).isEqualTo("line 0");
        outbox.sendNext();
        outbox.sendNext();
        assertThat(outbox.resent()).isEqualTo(2);
    }

    @Test
    void tooLongOrMultiLine_isRefusedWhole_neverCut() {
        assertThat(outbox.push("x".repeat(21))).isFalse();
        assertThat(outbox.push("é".repeat(11))).as("22 bytes in UTF-8").isFalse();
        assertThat(outbox.push("led on\nHELLO evil")).isFalse();
        assertThat(outbox.push("temp=1\r")).isFalse();
        assertThat(outbox.refused()).isEqualTo(4);
        assertThat(outbox.size()).isZero();
        assertThat(outbox.push("x".repeat(20))).isTrue();
    }
}
