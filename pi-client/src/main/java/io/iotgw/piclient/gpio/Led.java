package io.iotgw.piclient.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * An LED on a GPIO pin (pin → resistor → LED → ground). It holds the state it was last set to
 * ({@link #on()}, {@link #off()}); a {@link #flash()} inverts it briefly and puts it back, so an
 * event shows whatever the steady state is.
 */
public final class Led implements AutoCloseable {

    static final Duration FLASH = Duration.ofMillis(80);

    private final Context pi4j;
    private final DigitalOutput output;
    private final ScheduledExecutorService timer;
    private boolean steadyOn;

    public Led(Context pi4j, int bcmPin, ScheduledExecutorService timer) {
        this.pi4j = pi4j;
        this.timer = timer;
        this.output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id("led-" + bcmPin)
                .name("led")
                .address(bcmPin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)
                .build());
    }

    public synchronized void on() {
        steadyOn = true;
        output.high();
    }

    public synchronized void off() {
        steadyOn = false;
        output.low();
    }

    /** Inverts the LED for a moment, then puts back its steady state. */
    public synchronized void flash() {
        output.state(steadyOn ? DigitalState.LOW : DigitalState.HIGH);
        timer.schedule(this::restore, FLASH.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restore() {
        if (!pi4j.isShutdown()) {
            output.state(steadyOn ? DigitalState.HIGH : DigitalState.LOW);
        }
    }

    @Override
    public synchronized void close() {
        if (!pi4j.isShutdown()) {
            output.low();
            pi4j.shutdown(output);
        }
    }
}
