package io.iotgw.piclient.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

/** An LED on a GPIO pin (pin → resistor → LED → ground): on, off, or a short blink. */
public final class Led implements AutoCloseable {

    private final Context pi4j;
    private final DigitalOutput output;

    public Led(Context pi4j, int bcmPin) {
        this.pi4j = pi4j;
        this.output = pi4j.create(DigitalOutput.newConfigBuilder(pi4j)
                .id("led-" + bcmPin)
                .name("led")
                .address(bcmPin)
                .initial(DigitalState.LOW)
                .shutdown(DigitalState.LOW)
                .build());
    }

    public void on() {
        output.high();
    }

    public void off() {
        output.low();
    }

    /** Flips the LED, so each verified echo shows as a change. */
    public void toggle() {
        output.toggle();
    }

    public boolean isOn() {
        return output.isHigh();
    }

    @Override
    public void close() {
        if (!pi4j.isShutdown()) {
            output.low();
            pi4j.shutdown(output);
        }
    }
}
