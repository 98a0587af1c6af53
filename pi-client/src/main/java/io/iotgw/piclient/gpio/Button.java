package io.iotgw.piclient.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A push button between a GPIO pin and ground, with the pin's pull-up on: pressed reads LOW.
 * A press is reported once; further edges within the debounce time (contact bounce, a burst of
 * presses) are ignored, measured on the given clock.
 */
public final class Button implements AutoCloseable {

    private final Context pi4j;
    private final DigitalInput input;
    private final long debounceNanos;
    private final LongSupplier nanoClock;
    private long lastPressNanos;
    private boolean pressedOnce;

    public Button(Context pi4j, int bcmPin, Duration debounce, LongSupplier nanoClock, Runnable onPress) {
        this.pi4j = pi4j;
        this.debounceNanos = debounce.toNanos();
        this.nanoClock = nanoClock;
        this.input = pi4j.create(DigitalInput.newConfigBuilder(pi4j)
                .id("button-" + bcmPin)
                .name("button")
                .address(bcmPin)
                .pull(PullResistance.PULL_UP)
                .build());
        input.addListener(event -> {
            if (event.state() == DigitalState.LOW && accept()) {
                onPress.run();
            }
        });
    }

    private synchronized boolean accept() {
        long now = nanoClock.getAsLong();
        if (pressedOnce && now - lastPressNanos < debounceNanos) {
            return false;
        }
        pressedOnce = true;
        lastPressNanos = now;
        return true;
    }

    @Override
    public void close() {
        if (!pi4j.isShutdown()) {
            pi4j.shutdown(input);
        }
    }
}
