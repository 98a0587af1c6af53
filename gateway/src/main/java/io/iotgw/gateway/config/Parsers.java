package io.iotgw.gateway.config;

import io.iotgw.gateway.config.Setting.RuleViolation;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the kinds of values settings take. Each failure names the rule the text breaks. */
public final class Parsers {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,64}(/[A-Za-z0-9_.-]{1,64}){0,7}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:%-]{1,253}");

    private Parsers() {
    }

    public static Setting.Parser<Integer> intRange(int min, int max) {
        return raw -> {
            String rule = "must be a whole number from " + min + " to " + max;
            long value;
            try {
                value = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                throw new RuleViolation(rule);
            }
            if (value < min || value > max) {
                throw new RuleViolation(rule);
            }
            return (int) value;
        };
    }

    public static int port(String raw) throws RuleViolation {
        try {
            int port = Integer.parseInt(raw.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the rule
        }
        throw new RuleViolation("must be a port number from 1 to 65535 (0 picks a free one)");
    }

    /** A port, or {@code off} ({@link GatewayConfig#PORT_OFF}) for no plain port: TLS only. */
    public static int portOrOff(String raw) throws RuleViolation {
        if (raw.trim().equalsIgnoreCase("off")) {
            return GatewayConfig.PORT_OFF;
        }
        return port(raw);
    }

    /** A duration above zero. */
    public static Duration positiveDuration(String raw) throws RuleViolation {
        Duration d;
        try {
            d = duration(raw);
        } catch (RuleViolation e) {
            d = Duration.ZERO;
        }
        if (d.isZero()) {
            throw new RuleViolation("must be a duration above zero such as 10s or 500ms");
        }
        return d;
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 1h} or {@code 500ms}; a bare number is seconds. */
    public static Duration duration(String raw) throws RuleViolation {
        Matcher m = DURATION.matcher(raw.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new RuleViolation("must be a duration such as 30s, 5m, 1h or 500ms (0 turns it off)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** A byte size such as {@code 65536}, {@code 64KiB} or {@code 1MiB} (k, M and G are powers of 1024). */
    public static Setting.Parser<Integer> byteSize(int min, int max) {
        return raw -> {
            String rule = "must be a size from " + bytes(min) + " to " + bytes(max) + " such as 65536, 64KiB or 1MiB";
            Matcher m = SIZE.matcher(raw.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new RuleViolation(rule);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "b" : m.group(2);
            long value = n << shift(unit.charAt(0));
            if (value < min || value > max) {
                throw new RuleViolation(rule);
            }
            return (int) value;
        };
    }

    public static String host(String raw) throws RuleViolation {
        String host = raw.trim();
        if (!HOST.matcher(host).matches()) {
            throw new RuleViolation("must be an IP address or a host name, such as 0.0.0.0 or 127.0.0.1");
        }
        return host;
    }

    /** Comma-separated broker URIs, each tcp://host:port or ssl://host:port. */
    public static List<URI> brokerUris(String raw) throws RuleViolation {
        String rule = "must be broker URIs such as tcp://localhost:1883 or ssl://broker:8883, comma-separated";
        List<URI> uris = new ArrayList<>();
        for (String part : raw.split(",")) {
            URI uri;
            try {
                uri = new URI(part.trim());
            } catch (URISyntaxException e) {
                throw new RuleViolation(rule);
            }
            if (!("tcp".equals(uri.getScheme()) || "ssl".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getPort() < 1 || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new RuleViolation(rule);
            }
            uris.add(uri);
        }
        return uris;
    }

    /** One MQTT topic level usable as an id: the device-id alphabet. */
    public static String topicId(String raw) throws RuleViolation {
        String id = raw.trim();
        if (!ID.matcher(id).matches()) {
            throw new RuleViolation("must be 1 to 64 of the characters A-Z a-z 0-9 _ . -");
        }
        return id;
    }

    /** A topic prefix: levels of the id alphabet separated by '/', no wildcards. */
    public static String topicPrefix(String raw) throws RuleViolation {
        String prefix = raw.trim();
        if (!TOPIC_PREFIX.matcher(prefix).matches()) {
            throw new RuleViolation("must be topic levels of A-Z a-z 0-9 _ . - separated by '/', such as iotgw or site/a");
        }
        return prefix;
    }

    public static Path path(String raw) throws RuleViolation {
        try {
            return Path.of(nonEmptyText(raw.trim()));
        } catch (InvalidPathException e) {
            throw new RuleViolation("must be a file system path");
        }
    }

    public static String nonEmptyText(String raw) throws RuleViolation {
        if (raw.isEmpty()) {
            throw new RuleViolation("must not be empty");
        }
        return raw;
    }

    /** {@code on} or {@code off}; also {@code true}/{@code false} and {@code yes}/{@code no}, as YAML writes them. */
    public static boolean onOff(String raw) throws RuleViolation {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new RuleViolation("must be on or off");
        };
    }

    public static <E extends Enum<E>> Setting.Parser<E> oneOf(Class<E> type) {
        return raw -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(raw.trim())) {
                    return e;
                }
            }
            StringBuilder names = new StringBuilder();
            for (E e : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
            }
            throw new RuleViolation("must be one of " + names);
        };
    }

    /** Formats a byte count the way users write it: 65536 as 64KiB, 100 as 100B. */
    public static String bytes(long n) {
        if (n >= 1 << 20 && n % (1 << 20) == 0) {
            return (n >> 20) + "MiB";
        }
        if (n >= 1 << 10 && n % (1 << 10) == 0) {
            return (n >> 10) + "KiB";
        }
        return n + "B";
    }

    private static int shift(char unit) {
        return switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
    }
}
