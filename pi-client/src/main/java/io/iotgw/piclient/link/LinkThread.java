package io.iotgw.piclient.link;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link's own thread: polls the {@link GatewayLink} for as long as it runs. While connected
 * the poll itself waits for the gateway; otherwise the thread rests between polls.
 */
public final class LinkThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LinkThread.class);
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(GatewayLink.READ_WAIT_MS);

    private final GatewayLink link;
    private final Duration stopWithin;
    private final Thread thread;
    private volatile boolean running = true;

    /** @param stopWithin how long {@link #close()} waits for the thread: longer than a connect may take */
    public LinkThread(GatewayLink link, Duration stopWithin) {
        this.link = link;
        this.stopWithin = stopWithin;
        this.thread = new Thread(this::run, "gateway-link");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    link.poll();
                } catch (RuntimeException e) {
                    log.error("the gateway link failed; going on", e);
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                }
                GatewayLink.State state = link.state();
                if (running && state != GatewayLink.State.HELLO && state != GatewayLink.State.ONLINE) {
                    LockSupport.parkNanos(IDLE_NANOS);
                }
            }
        } finally {
            link.close();
        }
    }

    /** Stops the thread, which closes the link's connections on its way out. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(stopWithin.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
