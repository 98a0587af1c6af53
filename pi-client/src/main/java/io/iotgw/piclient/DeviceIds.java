package io.iotgw.piclient;

import java.util.regex.Pattern;

/** Device ids and tokens: what the gateway takes in HELLO, and the id a host name gives. */
public final class DeviceIds {

    /** The ids the gateway takes in HELLO. */
    public static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** The tokens the gateway takes after the id in HELLO: printable ASCII, no spaces. */
    public static final Pattern TOKEN = Pattern.compile("[!-~]{1,128}");
    static final String FALLBACK = "pi-client";

    private DeviceIds() {
    }

    /**
     * The gateway's rule for its own id, so that a device named after its host is called the same
     * as a gateway on that host would be: the first label, characters outside {@code [A-Za-z0-9_-]}
     * become {@code -}, at most 64 of them, and {@code fallback} when nothing is left.
     */
    public static String fromHostName(String host, String fallback) {
        String id = host.split("\\.", -1)[0].replaceAll("[^A-Za-z0-9_-]", "-");
        id = id.length() > 64 ? id.substring(0, 64) : id;
        return id.isEmpty() ? fallback : id;
    }
}
