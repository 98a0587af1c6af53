package io.iotgw.gateway.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * How many files this process may have open (Linux, from {@code /proc/self/limits}): each device
 * connection takes one, so a limit below max-connections refuses devices long before the gateway
 * would, with errors that do not say why.
 */
final class OpenFilesLimit {

    /** Files the gateway keeps open beside its connections: jars, the spool, sockets to the broker, epoll. */
    static final int OWN_FILES = 200;

    private OpenFilesLimit() {
    }

    /** The soft limit, if the system tells it. */
    static OptionalLong soft(Path limits) {
        try {
            for (String line : Files.readAllLines(limits)) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f[0].equals("unlimited") ? OptionalLong.of(Long.MAX_VALUE) : OptionalLong.of(Long.parseLong(f[0]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: nothing to say
        }
        return OptionalLong.empty();
    }

    /** A warning when {@code maxConnections} cannot fit under the limit, else null. */
    static String warning(int maxConnections, OptionalLong soft) {
        if (soft.isEmpty() || soft.getAsLong() >= (long) maxConnections + OWN_FILES) {
            return null;
        }
        return "this process may open " + soft.getAsLong() + " files, fewer than max-connections " + maxConnections
                + " needs (one per connection, and some " + OWN_FILES + " of its own): devices past about "
                + Math.max(0, soft.getAsLong() - OWN_FILES) + " will be refused by the system; raise the limit "
                + "(LimitNOFILE= in the systemd unit, ulimit -n in a shell) or lower max-connections";
    }
}
