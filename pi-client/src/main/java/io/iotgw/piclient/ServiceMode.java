package io.iotgw.piclient;

import com.pi4j.context.Context;
import io.iotgw.piclient.gpio.Button;
import io.iotgw.piclient.gpio.Led;
import io.iotgw.piclient.link.Gateway;
import io.iotgw.piclient.link.LinkListener;
import io.iotgw.piclient.link.Outbox;
import io.iotgw.piclient.telemetry.Telemetry;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service: a telemetry line every interval, a line per button press, the LED flashed on each
 * verified echo, and the downlinks it understands ({@code led on|off}, {@code interval <s>})
 * acted on and answered. Its lines go into the link's outbox; it learns what the link does as the
 * link's listener. GPIO is optional: without a Pi4J context it runs on the network alone.
 *
 * <p>Threads: the telemetry timer sends telemetry; Pi4J's thread reports presses; the link's
 * thread calls the listener methods. The interface name is the only state they share (volatile).
 */
public final class ServiceMode implements LinkListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceMode.class);
    static final Duration DEBOUNCE = Duration.ofMillis(50);

    private final Outbox outbox;
    private final Telemetry telemetry;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "telemetry");
        t.setDaemon(true);
        return t;
    });
    private volatile String link = "none";
    private Led led;
    private Button button;
    private ScheduledFuture<?> telemetryTask;
    private long presses;

    public ServiceMode(Outbox outbox, Telemetry telemetry) {
        this.outbox = outbox;
        this.telemetry = telemetry;
    }

    /** Wires the button and the LED, when there is GPIO. */
    public void attach(Optional<Context> pi4j, int buttonPin, int ledPin) {
        if (pi4j.isEmpty()) {
            log.info("no GPIO on this machine: running without button and LED");
            return;
        }
        led = new Led(pi4j.get(), ledPin, timer);
        button = new Button(pi4j.get(), buttonPin, DEBOUNCE, System::nanoTime, this::pressed);
        log.info("button on GPIO {}, LED on GPIO {}", buttonPin, ledPin);
    }

    /** Sends a telemetry line now and every interval. */
    public void start(Duration interval) {
        schedule(interval);
    }

    private synchronized void schedule(Duration interval) {
        if (telemetryTask != null) {
            telemetryTask.cancel(false);
        }
        telemetryTask = timer.scheduleAtFixedRate(() -> outbox.push(telemetry.line(link)), 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void pressed() {
        long n;
        synchronized (this) {
            n = ++presses;
        }
        outbox.push("button pressed=" + n);
    }

    @Override
    public void onOnline(Gateway gateway, String via) {
        link = via;
    }

    @Override
    public void onOffline(String why) {
        link = "none";
    }

    @Override
    public void onEcho(String line) {
        if (led != null) {
            led.flash();
        }
    }

    @Override
    public boolean onDownlink(String line) {
        if (line.equals("led on") || line.equals("led off")) {
            if (led != null) {
                if (line.endsWith("on")) {
                    led.on();
                } else {
                    led.off();
                }
            }
        } else if (line.matches("interval \\d{1,6}") && Integer.parseInt(line.substring(9)) >= 1) {
            schedule(Duration.ofSeconds(Integer.parseInt(line.substring(9))));
        } else {
            return false;
        }
        outbox.push("ack " + line);
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        if (button != null) {
            button.close();
        }
        if (led != null) {
            led.close();
        }
    }
}
