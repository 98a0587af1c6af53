package io.iotgw.piclient.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service mode's connection to the gateway, on a thread of its own: picks an interface,
 * connects from its address, says HELLO, sends queued lines and checks each echo. It reconnects
 * forever with jittered backoff when the connection dies or an echo does not come back in time,
 * and moves to a better interface as soon as one is up (back to the preferred one when it returns).
 * Lines queued meanwhile wait in a bounded outbox (oldest dropped and counted when full).
 */
public final class GatewayLink implements AutoCloseable {

    /** What the link reports, on its own thread. */
    public interface Listener {
        default void onOnline(String interfaceName) {
        }

        default void onOffline(String why) {
        }

        default void onEcho(String line) {
        }

        /** A line from the gateway that is no echo: a downlink. */
        default void onDownlink(String line) {
        }
    }

    /**
     * @param echoTimeout  an echo later than this means the connection is dead (half-open)
     * @param outboxLines  lines kept while disconnected, at most
     */
    public record Settings(String host, int port, String deviceId, Duration connectTimeout, Duration echoTimeout,
                           int outboxLines) {
    }

    private static final Logger log = LoggerFactory.getLogger(GatewayLink.class);
    private static final int POLL_MS = 50;
    private static final int MAX_UNECHOED = 8;
    private static final long FAILOVER_CHECK_MS = 200;
    private static final int MAX_LINE = 4096;

    private final Settings settings;
    private final InterfacePicker picker;
    private final Backoff backoff;
    private final Listener listener;
    private final Thread thread;
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong echoes = new AtomicLong();
    private volatile boolean running = true;
    private volatile String interfaceInUse = "none";
    private Socket socket;

    public GatewayLink(Settings settings, InterfacePicker picker, Backoff backoff, Listener listener) {
        this.settings = settings;
        this.picker = picker;
        this.backoff = backoff;
        this.listener = listener;
        this.thread = new Thread(this::run, "gateway-link");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Queues a line (without newline); it stays queued until the gateway has echoed it. */
    public void send(String line) {
        synchronized (outbox) {
            if (outbox.size() >= settings.outboxLines()) {
                outbox.pollFirst();
                long n = dropped.incrementAndGet();
                log.warn("outbox full ({} lines): dropped the oldest; {} dropped so far", settings.outboxLines(), n);
            }
            outbox.addLast(line);
        }
    }

    public String interfaceInUse() {
        return interfaceInUse;
    }

    public long dropped() {
        return dropped.get();
    }

    public long mismatches() {
        return mismatches.get();
    }

    public long echoes() {
        return echoes.get();
    }

    public int queued() {
        synchronized (outbox) {
            return outbox.size();
        }
    }

    private void run() {
        while (running) {
            Optional<InterfacePicker.Choice> choice = picker.pick();
            if (!picker.preference().isEmpty() && choice.isEmpty()) {
                waitBeforeRetry("none of the interfaces " + picker.preference() + " is up with an address");
                continue;
            }
            try (Socket s = new Socket()) {
                socket = s;
                choice.ifPresent(c -> bind(s, c));
                s.connect(new InetSocketAddress(settings.host(), settings.port()), (int) settings.connectTimeout().toMillis());
                s.setTcpNoDelay(true);
                s.setSoTimeout(POLL_MS);
                String name = choice.map(InterfacePicker.Choice::name).orElse("default route");
                session(s, name, choice);
            } catch (IOException | RuntimeException e) {
                if (running) {
                    waitBeforeRetry("cannot reach the gateway " + settings.host() + ":" + settings.port() + ": " + e.getMessage());
                }
            }
        }
    }

    private static void bind(Socket s, InterfacePicker.Choice choice) {
        try {
            s.bind(new InetSocketAddress(choice.address(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot use interface " + choice.name() + ": " + e.getMessage(), e);
        }
    }

    private void session(Socket s, String name, Optional<InterfacePicker.Choice> choice) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        String hello = "HELLO " + settings.deviceId();
        write(out, hello);
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        boolean online = false;
        int unechoed = 0;
        long waitingSince = System.nanoTime();
        long nextFailoverCheck = System.nanoTime();
        byte[] buf = new byte[1024];
        while (running) {
            if (online) {
                while (unechoed < MAX_UNECHOED) {
                    String line = peek(unechoed);
                    if (line == null) {
                        break;
                    }
                    if (unechoed == 0) {
                        waitingSince = System.nanoTime();
                    }
                    write(out, line);
                    unechoed++;
                }
            }
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                n = 0;
            }
            if (n < 0) {
                offline(online, "the gateway closed the connection");
                return;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] != '\n') {
                    if (partial.size() < MAX_LINE) {
                        partial.write(buf[i]);
                    }
                    continue;
                }
                String line = stripCr(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                if (!online) {
                    if (!line.equals(hello)) {
                        offline(false, "the gateway answered HELLO with '" + line + "'");
                        return;
                    }
                    online = true;
                    backoff.reset();
                    interfaceInUse = name;
                    log.info("connected to the gateway {}:{} over {} as {}", settings.host(), settings.port(), name,
                            settings.deviceId());
                    listener.onOnline(name);
                } else if (unechoed > 0 && line.equals(peek(0))) {
                    take();
                    unechoed--;
                    waitingSince = System.nanoTime();
                    echoes.incrementAndGet();
                    listener.onEcho(line);
                } else {
                    listener.onDownlink(line);
                }
            }
            if ((!online || unechoed > 0) && System.nanoTime() - waitingSince > settings.echoTimeout().toNanos()) {
                offline(online, "no echo within " + settings.echoTimeout().toMillis() + " ms (half-open connection)");
                return;
            }
            if (System.nanoTime() >= nextFailoverCheck) {
                nextFailoverCheck = System.nanoTime() + FAILOVER_CHECK_MS * 1_000_000;
                Optional<InterfacePicker.Choice> best = picker.pick();
                if (choice.isPresent() && !best.map(InterfacePicker.Choice::name).equals(choice.map(InterfacePicker.Choice::name))) {
                    String why = "switching from " + name + " to " + best.map(InterfacePicker.Choice::name).orElse("none");
                    interfaceInUse = "none";
                    log.info("{}", why);
                    if (online) {
                        listener.onOffline(why);
                    }
                    return; // a deliberate switch: reconnect at once, no backoff
                }
            }
        }
    }

    /** A reply that is no echo and no command counts as a mismatch; the caller decides (see onDownlink). */
    public void countMismatch(String line) {
        long n = mismatches.incrementAndGet();
        log.warn("unexpected line from the gateway '{}' ({} so far)", line, n);
    }

    private void offline(boolean wasOnline, String why) {
        interfaceInUse = "none";
        if (wasOnline) {
            log.warn("gateway connection lost: {}", why);
            listener.onOffline(why);
        }
        if (running) {
            waitBeforeRetry(why);
        }
    }

    private void waitBeforeRetry(String why) {
        Duration wait = backoff.next();
        log.info("{}; retrying in {} ms", why, wait.toMillis());
        synchronized (this) {
            try {
                if (running) {
                    wait(Math.max(1, wait.toMillis()));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private String peek(int index) {
        synchronized (outbox) {
            int i = 0;
            for (String line : outbox) {
                if (i++ == index) {
                    return line;
                }
            }
            return null;
        }
    }

    private void take() {
        synchronized (outbox) {
            outbox.pollFirst();
        }
    }

    private static void write(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    @Override
    public void close() {
        running = false;
        synchronized (this) {
            notifyAll();
        }
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
