package io.iotgw.gateway.observe;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.iotgw.gateway.StartupException;
import io.iotgw.gateway.config.ObserveConfig;
import io.iotgw.gateway.observe.GatewayView.Broker;
import io.iotgw.gateway.observe.GatewayView.Device;
import io.iotgw.gateway.observe.GatewayView.SpoolStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP side, read-only (GET and HEAD): the status page ({@code /}), {@code /metrics}
 * in the Prometheus text format, {@code /health}, {@code /api/status} and {@code /api/devices}.
 * It runs on the JDK's own HTTP server with a pool of two threads of its own, which also sample the
 * lines per second for the page's chart; the device event loops never serve it.
 *
 * <p>Bounded against misuse: at most {@value #MAX_CONNECTIONS} connections, a request must arrive
 * within {@value #MAX_REQUEST_SECONDS} s and a response be taken within {@value #MAX_RESPONSE_SECONDS}
 * s (a client that never reads does not keep a thread).
 */
public final class ObserveServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ObserveServer.class);
    static final int HISTORY_SECONDS = 600;
    /** Devices in {@code /api/status}; beyond it the quietest are shown (the whole list is {@code /api/devices}). */
    static final int PAGE_DEVICES = 1000;
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_REQUEST_SECONDS = 10;
    static final int MAX_RESPONSE_SECONDS = 30;
    private static final String JSON = "application/json; charset=utf-8";
    private static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private record Response(int status, String contentType, byte[] body) {
    }

    private final ObserveConfig config;
    private final GatewayView view;
    private final Meters meters;
    private final LongSupplier clock;
    private final Metrics metrics;
    private final Health health;
    private final History history = new History(HISTORY_SECONDS);
    private final Response page = resource("index.html", "text/html; charset=utf-8");
    private final Response script = resource("status.js", "text/javascript; charset=utf-8");
    private final Response style = resource("status.css", "text/css; charset=utf-8");
    private final ScheduledThreadPoolExecutor pool;
    private HttpServer server;

    /** @param clock epoch milliseconds */
    public ObserveServer(ObserveConfig config, GatewayView view, Meters meters, LongSupplier clock) {
        this.config = config;
        this.view = view;
        this.meters = meters;
        this.clock = clock;
        this.metrics = new Metrics(view, meters, config.deviceSeries(), clock);
        this.health = new Health(config.healthBacklogAge());
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "iotgw-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Binds and serves; returns the address bound (with the real port when 0 was asked). */
    public InetSocketAddress start() throws StartupException {
        int port = config.httpPort().orElseThrow(() -> new IllegalStateException("http-port is not set"));
        limitTheJdkServer();
        try {
            server = HttpServer.create(new InetSocketAddress(config.httpBind(), port), 64);
        } catch (IOException e) {
            pool.shutdownNow();
            throw new StartupException(describeBindFailure(port, e), e);
        }
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
        long now = clock.getAsLong();
        pool.scheduleAtFixedRate(this::sample, 1000 - now % 1000, 1000, TimeUnit.MILLISECONDS);
        InetSocketAddress bound = server.getAddress();
        String host = config.httpBind().indexOf(':') >= 0 ? "[" + config.httpBind() + "]" : config.httpBind();
        log.info("status page on http://{}:{}/ (also /metrics, /health, /api/status, /api/devices)", host,
                bound.getPort());
        return bound;
    }

    /**
     * The JDK's server reads its limits from system properties once, when first used; without them
     * a slow or stalled client could hold a connection or a thread for ever. A value given with -D wins.
     */
    private static void limitTheJdkServer() {
        setIfAbsent("jdk.httpserver.maxConnections", MAX_CONNECTIONS);
        setIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", MAX_RESPONSE_SECONDS);
    }

    private static void setIfAbsent(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, String.valueOf(value));
        }
    }

    private String describeBindFailure(int port, IOException e) {
        String reason = String.valueOf(e.getMessage());
        if (e instanceof BindException && reason.contains("in use")) {
            return "http-port " + port + " on " + config.httpBind() + " is already in use: choose another with --http-port";
        }
        if (reason.contains("Cannot assign requested address")) {
            return "http-bind " + config.httpBind() + " is not an address of this machine: choose one with --http-bind";
        }
        if (reason.contains("Permission denied")) {
            return "http-port " + port + " needs privileges this user lacks (ports below 1024): choose another with --http-port";
        }
        return "cannot serve HTTP on " + config.httpBind() + ":" + port + ": " + reason;
    }

    private void sample() {
        try {
            history.sample(clock.getAsLong() / 1000, view.traffic().linesIn(),
                    view.broker().map(Broker::published).orElse(0L));
        } catch (RuntimeException e) { // a failed sample leaves a gap; a dead timer would end the chart
            log.warn("lines per second not sampled: {}", e.toString());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            boolean head = "HEAD".equals(method);
            Response response;
            if (!head && !"GET".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                response = text(405, "only GET and HEAD are served here\n");
            } else {
                response = respond(exchange.getRequestURI().getRawPath());
            }
            send(exchange, response, head);
        } finally {
            exchange.close();
        }
    }

    private Response respond(String path) {
        try {
            return switch (path) {
                case "/", "/index.html" -> page;
                case "/status.js" -> script;
                case "/status.css" -> style;
                case "/metrics" -> metrics();
                case "/health" -> health();
                case "/api/status" -> new Response(200, JSON, status());
                case "/api/devices" -> new Response(200, JSON, StatusJson.document(json ->
                        StatusJson.devices(json, view.devices())));
                default -> text(404, "not found; try / (status page), /metrics, /health, /api/status or /api/devices\n");
            };
        } catch (IOException | RuntimeException e) {
            log.warn("HTTP request for a known page failed: {}", e.toString());
            log.debug("the failure", e);
            return text(500, "internal error: " + e.getClass().getSimpleName() + "\n");
        }
    }

    private Response metrics() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.write(out);
        return new Response(200, metrics.contentType(), out.toByteArray());
    }

    private Response health() {
        long now = clock.getAsLong();
        Health.Report report = health.check(view.serving(), view.broker(), view.spool(), now);
        return new Response(report.httpStatus(), JSON, StatusJson.object(json -> StatusJson.health(json, report)));
    }

    private byte[] status() {
        long now = clock.getAsLong();
        Optional<Broker> broker = view.broker();
        Optional<SpoolStatus> spool = view.spool();
        boolean serving = view.serving();
        Health.Report report = health.check(serving, broker, spool, now);
        List<Device> devices = view.devices();
        List<Device> shown = devices.size() <= PAGE_DEVICES ? devices : devices.stream()
                .sorted(Comparator.comparingLong(Device::lastLineMillis)).limit(PAGE_DEVICES).toList();
        return StatusJson.object(json -> {
            json.writeStringField("now", StatusJson.timestamp(now));
            StatusJson.gateway(json, view.about(), serving, now);
            StatusJson.traffic(json, view.traffic(), meters.authFailures());
            StatusJson.broker(json, broker);
            StatusJson.spool(json, spool, now);
            json.writeObjectFieldStart("health");
            StatusJson.health(json, report);
            json.writeEndObject();
            StatusJson.history(json, history.series(), broker.isPresent());
            json.writeNumberField("devices_total", devices.size());
            json.writeFieldName("devices");
            StatusJson.devices(json, shown);
        });
    }

    private static void send(HttpExchange exchange, Response response, boolean head) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        if (response.contentType().startsWith("text/html")) {
            headers.set("Content-Security-Policy", PAGE_POLICY);
            headers.set("X-Frame-Options", "DENY");
        }
        boolean empty = head || response.body().length == 0;
        exchange.sendResponseHeaders(response.status(), empty ? -1 : response.body().length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }

    private static Response text(int status, String text) {
        return new Response(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static Response resource(String name, String contentType) {
        try (InputStream in = ObserveServer.class.getResourceAsStream("page/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the status page's " + name);
            }
            return new Response(200, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the status page's " + name + ": " + e.getMessage(), e);
        }
    }

    /** Stops serving at once; requests in progress are cut. */
    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        pool.shutdownNow();
    }
}
