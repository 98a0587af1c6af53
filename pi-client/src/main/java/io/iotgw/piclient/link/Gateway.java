package io.iotgw.piclient.link;

import io.iotgw.piclient.Printable;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** One gateway of the list a device may use: a host name or IP address, and a port. */
public record Gateway(String host, int port) {

    /** The most gateways a list may hold, as in the firmware. */
    public static final int MAX_LIST = 4;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:-]{1,253}");

    public Gateway {
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("a host name or IP address of 1 to 253 characters");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("a port from 1 to 65535");
        }
    }

    /**
     * Parses entries {@code host[:port]} ({@code [v6-address]:port} for an IPv6 address with a port;
     * an address with several colons and no brackets has no port), in order of preference.
     *
     * @param option the option named in the error message
     * @throws IllegalArgumentException one line naming the option, the rule and the entry
     */
    public static List<Gateway> parseList(String option, List<String> entries, int defaultPort) {
        if (entries.isEmpty() || entries.size() > MAX_LIST) {
            throw new IllegalArgumentException(option + " must name 1 to " + MAX_LIST + " gateways, got " + entries.size());
        }
        List<Gateway> gateways = new ArrayList<>();
        for (String entry : entries) {
            try {
                gateways.add(parse(entry, defaultPort));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " must be host[:port] entries separated by commas ("
                        + e.getMessage() + "), got '" + Printable.of(entry) + "'");
            }
        }
        return List.copyOf(gateways);
    }

    private static Gateway parse(String entry, int defaultPort) {
        String host = entry;
        String port = null;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0 || (close + 1 < entry.length() && entry.charAt(close + 1) != ':')) {
                throw new IllegalArgumentException("an IPv6 address with a port in brackets, e.g. [fd00::1]:12345");
            }
            host = entry.substring(1, close);
            port = close + 1 < entry.length() ? entry.substring(close + 2) : null;
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = entry.substring(entry.indexOf(':') + 1);
        }
        if (port == null) {
            return new Gateway(host, defaultPort);
        }
        if (!port.matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("a port from 1 to 65535");
        }
        return new Gateway(host, Integer.parseInt(port));
    }

    /** As written in a list: {@code pi-a:12345}, {@code [fd00::1]:12345}. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
