package io.iotgw.gateway.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HistoryTest {

    @Test
    void series_beforeAnySample_isAllZero() {
        History.Series s = new History(5).series();
        assertThat(s.received()).containsExactly(0, 0, 0, 0, 0);
        assertThat(s.endSecond()).isZero();
    }

    @Test
    void sample_eachSecond_recordsTheDifferences_oldestFirst() {
        History h = new History(4);
        h.sample(100, 1000, 10);
        h.sample(101, 1005, 10);
        h.sample(102, 1012, 13);
        History.Series s = h.series();
        assertThat(s.endSecond()).isEqualTo(102);
        assertThat(s.received()).containsExactly(0, 0, 5, 7);
        assertThat(s.published()).containsExactly(0, 0, 0, 3);
    }

    @Test
    void sample_afterMissedSeconds_sharesTheDifferenceWithoutLosingAny() {
        History h = new History(6);
        h.sample(100, 0, 0);
        h.sample(104, 10, 0); // three seconds were missed: 10 lines over 4 seconds
        assertThat(h.series().received()).containsExactly(0, 0, 3, 3, 2, 2);
        assertThat(java.util.Arrays.stream(h.series().received()).sum()).isEqualTo(10);
    }

    @Test
    void sample_sameSecondTwice_waitsForTheNextSecond() {
        History h = new History(3);
        h.sample(100, 0, 0);
        h.sample(101, 4, 0);
        h.sample(101, 9, 0); // ignored: its lines show in the next second's difference
        h.sample(102, 9, 0);
        assertThat(h.series().received()).containsExactly(0, 4, 5);
    }

    @Test
    void sample_pastTheWindow_keepsTheLastSecondsOnly() {
        History h = new History(3);
        long total = 0;
        for (long second = 0; second <= 10; second++) {
            total += second;
            h.sample(second, total, 0);
        }
        assertThat(h.series().received()).containsExactly(8, 9, 10);
        assertThat(h.series().endSecond()).isEqualTo(10);
    }

    @Test
    void sample_gapLongerThanTheWindow_fillsItWithTheAverage() {
        History h = new History(3);
        h.sample(0, 0, 0);
        h.sample(100, 1000, 0);
        assertThat(h.series().received()).containsExactly(10, 10, 10);
    }

    @Test
    void sample_counterThatWentBack_countsZeroNotNegative() {
        History h = new History(2);
        h.sample(0, 50, 0);
        h.sample(1, 10, 0);
        assertThat(h.series().received()).containsExactly(0, 0);
    }

    @Test
    void new_windowBelowOneSecond_isRefused() {
        assertThatThrownBy(() -> new History(0)).hasMessage("seconds must be at least 1, got 0");
    }
}
