package io.iotgw.piclient.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Pi4J context: the gpiod providers on a machine with a GPIO chip, none elsewhere (a PC). */
public final class Gpio {

    private Gpio() {
    }

    /** A context for this machine's GPIO, or empty when it has none (the client then runs without). */
    public static Optional<Context> open(Path gpioChip) {
        if (!Files.exists(gpioChip)) {
            return Optional.empty();
        }
        return Optional.of(Pi4J.newContextBuilder()
                .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance())
                .build());
    }
}
