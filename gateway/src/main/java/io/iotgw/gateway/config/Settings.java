package io.iotgw.gateway.config;

import io.iotgw.gateway.echo.Transport;
import java.time.Duration;
import java.util.List;

/** Every setting the gateway takes: one table for flags, environment, YAML file and help. */
public final class Settings {

    public static final Setting<String> BIND = new Setting<>("bind", "ADDR",
            "Address to listen on.", GatewayConfig.DEFAULT_BIND, Values::host);
    public static final Setting<Integer> PORT = new Setting<>("port", "PORT",
            "TCP port to listen on (0 picks a free one).", String.valueOf(GatewayConfig.DEFAULT_PORT), Values::port);
    public static final Setting<String> REPLY = new Setting<>("reply", "TEXT",
            "Fixed-reply mode: answer each client's first message with TEXT instead of an echo, then close.",
            null, Values::nonEmptyText);
    public static final Setting<Integer> MAX_CONNECTIONS = new Setting<>("max-connections", "N",
            "Most clients connected at once; more are closed on arrival, counted and logged.",
            String.valueOf(GatewayConfig.DEFAULT_MAX_CONNECTIONS), Values.intRange(1, 1_000_000));
    public static final Setting<Duration> IDLE_TIMEOUT = new Setting<>("idle-timeout", "DURATION",
            "Close a client that sends nothing for this long, e.g. 90s, 5m, 1h; 0 turns it off.",
            GatewayConfig.DEFAULT_IDLE_TIMEOUT, Values::duration);
    public static final Setting<Integer> MAX_LINE = new Setting<>("max-line", "SIZE",
            "Longest line taken as a message, e.g. 64KiB; longer lines are echoed but not bridged.",
            Values.bytes(GatewayConfig.DEFAULT_MAX_LINE_BYTES),
            Values.byteSize(GatewayConfig.MIN_MAX_LINE_BYTES, GatewayConfig.MAX_MAX_LINE_BYTES));
    public static final Setting<Transport> TRANSPORT = new Setting<>("transport", "KIND",
            "Network transport: auto (epoll where available), epoll or nio.", "auto", Values.oneOf(Transport.class));

    public static final Setting<Integer> IO_THREADS = new Setting<>("io-threads", "N",
            "Threads serving connections; 0 means one per CPU core.", "0", Values.intRange(0, 256));

    public static final List<Setting<?>> ALL = List.of(BIND, PORT, REPLY, MAX_CONNECTIONS, IDLE_TIMEOUT, MAX_LINE,
            TRANSPORT, IO_THREADS);

    private Settings() {
    }
}
