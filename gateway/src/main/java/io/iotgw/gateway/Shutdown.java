package io.iotgw.gateway;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Graceful stop on SIGTERM (systemd) and SIGINT (Ctrl-C). The signals are handled, not left to the
 * JVM's default, so that a requested stop ends with exit code 0 rather than 143.
 */
final class Shutdown {

    private static final long STOP_TIMEOUT_SECONDS = 5;

    private final Runnable stop;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);

    Shutdown(Runnable stop) {
        this.stop = stop;
    }

    void handleSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> begin());
        }
    }

    private void begin() {
        if (started.compareAndSet(false, true)) {
            new Thread(() -> {
                try {
                    stop.run();
                } finally {
                    done.countDown();
                }
            }, "iotgw-stop").start();
        }
    }

    /** Waits for a stop that a signal began, if any, so that its last log lines are written. */
    void awaitCompletion() {
        if (!started.get()) {
            return;
        }
        try {
            done.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
