package io.iotgw.gateway.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's open-file limit, as Linux reports it: each device's connection is one. */
final class FdLimit {

    private FdLimit() {
    }

    /** The soft limit of open files, e.g. {@code 20000}; {@code unknown} where /proc does not say. */
    static String describe() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    return line.substring("Max open files".length()).trim().split("\\s+")[0];
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted
        }
        return "unknown";
    }
}
