package io.iotgw.piclient.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ButtonTest {

    private final Context pi4j = MockGpio.context();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicInteger presses = new AtomicInteger();

    @AfterEach
    void shutdown() {
        pi4j.shutdown();
    }

    private MockDigitalInput pin(int bcm) {
        return pi4j.registry().get("button-" + bcm);
    }

    /** A button at rest, as its pull-up holds it: HIGH. */
    private void button() {
        new Button(pi4j, 17, Duration.ofMillis(50), clock::get, presses::incrementAndGet);
        pin(17).mockState(DigitalState.HIGH);
    }

    @Test
    void press_isOneEvent() {
        button();
        pin(17).mockState(DigitalState.LOW);
        assertThat(presses).hasValue(1);
    }

    @Test
    void bounceBurst_withinTheDebounceTime_isStillOnePress() {
        button();
        for (int i = 0; i < 10; i++) {
            pin(17).mockState(DigitalState.LOW);
            clock.addAndGet(Duration.ofMillis(3).toNanos());
            pin(17).mockState(DigitalState.HIGH);
            clock.addAndGet(Duration.ofMillis(2).toNanos());
        }
        assertThat(presses).hasValue(1);
    }

    @Test
    void secondPress_afterTheDebounceTime_counts() {
        button();
        pin(17).mockState(DigitalState.LOW);
        pin(17).mockState(DigitalState.HIGH);
        clock.addAndGet(Duration.ofMillis(60).toNanos());
        pin(17).mockState(DigitalState.LOW);
        assertThat(presses).hasValue(2);
    }

    @Test
    void release_isNoPress() {
        button();
        pin(17).mockState(DigitalState.LOW);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        pin(17).mockState(DigitalState.HIGH);
        assertThat(presses).hasValue(1);
    }
}
