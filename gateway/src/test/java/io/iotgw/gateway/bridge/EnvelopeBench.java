package io.iotgw.gateway.bridge;

import io.iotgw.gateway.readings.ReadingParser;
import io.iotgw.gateway.spool.SpoolEntry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What reading {@code fields} adds to each published line: the envelope's encoding per line, with
 * and without the reading parser, for the kinds of lines devices send. Time is the thread's CPU
 * time, which other work on a busy machine disturbs less than the clock does. Plain Java, run by
 * {@code bench/readings.sh}; prints one {@code RESULT} line per kind of line, medians of rounds.
 */
public final class EnvelopeBench {

    private static final String[][] LINES = {
            {"firmware", "n=7 uptime_ms=61000 heap=201344 rssi=-61 sensor=1893 dropped=0"},
            {"pi-client", "cpu_temp_c=48.7 load1=0.12 uptime_s=86400 link=eth0"},
            {"json", "{\"temp\":21.5,\"humidity\":48,\"battery\":97,\"room\":\"kitchen\"}"},
            {"text", "boot: wifi connected to kitchen-ap after 3 tries, rssi -61"},
    };
    private static volatile long sink;

    private EnvelopeBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        long nanosPerRound = (args.length > 1 ? Long.parseLong(args[1]) : 500) * 1_000_000L;
        for (String[] line : LINES) {
            SpoolEntry entry = new SpoolEntry(0, 0, 0, "esp32-01", 42, 1_795_429_330_123L, "192.168.1.20:53122",
                    line[1].getBytes(StandardCharsets.UTF_8));
            Envelope plain = new Envelope("pi-kitchen");
            Envelope fields = new Envelope("pi-kitchen", new ReadingParser());
            measure(plain, entry, 3, nanosPerRound); // JIT warm-up of both
            measure(fields, entry, 3, nanosPerRound);
            List<double[]> without = new ArrayList<>();
            List<double[]> with = new ArrayList<>();
            for (int r = 0; r < rounds; r++) { // alternating, so drift hits both alike
                without.add(measure(plain, entry, 1, nanosPerRound));
                with.add(measure(fields, entry, 1, nanosPerRound));
            }
            double off = median(without, 0);
            double on = median(with, 0);
            System.out.printf("RESULT line=%s bytes=%d ns_per_line_without_fields=%.0f ns_per_line_with_fields=%.0f "
                            + "added_ns=%.0f alloc_bytes_without=%.0f alloc_bytes_with=%.0f%n",
                    line[0], entry.payload().length, off, on, on - off, median(without, 1), median(with, 1));
        }
    }

    /** CPU nanoseconds and allocated bytes per encoded line, over {@code repeats} rounds. */
    private static double[] measure(Envelope envelope, SpoolEntry entry, int repeats, long nanosPerRound) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        double[] result = new double[2];
        for (int r = 0; r < repeats; r++) {
            long count = 0;
            long bytesBefore = threads.getThreadAllocatedBytes(id);
            long start = threads.getCurrentThreadCpuTime();
            long deadline = start + nanosPerRound;
            long now;
            do {
                for (int i = 0; i < 1000; i++) {
                    sink += envelope.encode(entry).length + envelope.numericKeys().size();
                }
                count += 1000;
                now = threads.getCurrentThreadCpuTime();
            } while (now < deadline);
            result[0] = (double) (now - start) / count;
            result[1] = (double) (threads.getThreadAllocatedBytes(id) - bytesBefore) / count;
        }
        return result;
    }

    private static double median(List<double[]> rounds, int index) {
        double[] values = rounds.stream().mapToDouble(v -> v[index]).sorted().toArray();
        return values[values.length / 2];
    }
}
