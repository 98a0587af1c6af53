package io.iotgw.gateway.bench.fleet;

import java.util.ArrayList;
import java.util.List;

/** A gateway the virtual devices connect to. */
record GatewayAddress(String host, int port) {

    static final int DEFAULT_PORT = 12345;

    /**
     * Parses {@code host[:port],host[:port]...} in order of preference ({@code [v6-address]:port}
     * for IPv6 with a port).
     *
     * @throws IllegalArgumentException naming the entry and the rule
     */
    static List<GatewayAddress> parseList(String text) {
        List<GatewayAddress> list = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String host = entry;
            int port = DEFAULT_PORT;
            int colon = entry.lastIndexOf(':');
            boolean bracketed = entry.startsWith("[") && entry.contains("]");
            if (colon > 0 && (bracketed ? colon > entry.indexOf(']') : colon == entry.indexOf(':'))) {
                host = entry.substring(0, colon);
                port = port(entry, entry.substring(colon + 1));
            }
            host = bracketed ? host.replace("[", "").replace("]", "") : host;
            if (host.isEmpty() || !host.matches("[A-Za-z0-9._:-]+")) {
                throw new IllegalArgumentException("--gateway must be host[:port] entries separated by commas, got '"
                        + entry + "'");
            }
            list.add(new GatewayAddress(host, port));
        }
        return List.copyOf(list);
    }

    private static int port(String entry, String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("--gateway entry '" + entry + "' needs a port from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
