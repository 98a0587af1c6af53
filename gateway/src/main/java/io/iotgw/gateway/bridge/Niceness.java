package io.iotgw.gateway.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (the Linux "nice" value) of the calling thread, so that when the
 * CPU is fully busy the threads serving devices run first. Threads it starts afterwards inherit
 * the value, the MQTT client's own threads included.
 *
 * <p>Java has no call for this, so it asks {@code renice} (util-linux or BusyBox, on every Debian
 * and Raspberry Pi OS) about the thread's own id from {@code /proc/thread-self}; any process may
 * lower the priority of its own threads. Best effort: elsewhere the thread keeps its priority and
 * one log line says so.
 */
final class Niceness {

    private static final Logger log = LoggerFactory.getLogger(Niceness.class);
    static final int MAX = 19;
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");
    private static final long RENICE_TIMEOUT_S = 5;
    /** Field 19 of /proc/[tid]/stat, counted from 1; the first two (pid, command) end at the last ')'. */
    private static final int NICE_FIELD_AFTER_COMMAND = 19 - 3;

    private Niceness() {
    }

    /**
     * Makes the calling thread {@code steps} nicer than it is (at most {@value #MAX}).
     *
     * @return the thread's nice value afterwards, if it can be read
     */
    static OptionalInt lowerCurrentThread(int steps) {
        OptionalInt before = ofCurrentThread();
        if (steps <= 0 || before.isEmpty()) {
            return before;
        }
        int target = Math.min(MAX, before.getAsInt() + steps);
        String thread = Thread.currentThread().getName();
        try {
            String tid = Files.readSymbolicLink(THREAD_SELF).getFileName().toString();
            // "renice PRIORITY -p ID" sets PRIORITY in both util-linux and BusyBox (-n differs between them)
            Process renice = new ProcessBuilder("renice", String.valueOf(target), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(RENICE_TIMEOUT_S, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
            }
        } catch (IOException e) {
            log.info("cannot lower the priority of thread {} ({}): it runs like those serving devices", thread, e.getMessage());
            return before;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OptionalInt after = ofCurrentThread();
        if (after.isPresent() && after.getAsInt() != target) {
            log.info("thread {} kept nice value {}, not {}: it runs like those serving devices", thread, after.getAsInt(), target);
        }
        return after;
    }

    /** The calling thread's nice value, where {@code /proc} tells it. */
    static OptionalInt ofCurrentThread() {
        try {
            String stat = Files.readString(THREAD_SELF.resolve("stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return OptionalInt.of(Integer.parseInt(fields[NICE_FIELD_AFTER_COMMAND]));
        } catch (IOException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }
}
