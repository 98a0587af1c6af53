package io.iotgw.gateway.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Tells the submitters of a group of batches that their lines are safe (or not), with one task per
 * executor: the connections of one event loop learn it together, for one wake-up of that loop.
 */
final class Completions {

    private Completions() {
    }

    static void appended(List<SpoolWriter.Batch> group) {
        deliver(group, null);
    }

    static void failed(List<SpoolWriter.Batch> group, IOException cause) {
        deliver(group, cause);
    }

    private static void deliver(List<SpoolWriter.Batch> group, IOException cause) {
        List<SpoolWriter.Batch> left = new ArrayList<>(group);
        while (!left.isEmpty()) {
            Executor executor = left.get(0).executor();
            List<SpoolWriter.Batch> same = new ArrayList<>();
            left.removeIf(b -> b.executor() == executor && same.add(b));
            Runnable tell = () -> {
                for (SpoolWriter.Batch b : same) {
                    if (cause == null) {
                        b.done().appended();
                    } else {
                        b.done().failed(cause);
                    }
                }
            };
            if (executor == null) {
                tell.run();
                continue;
            }
            try {
                executor.execute(tell);
            } catch (RejectedExecutionException e) {
                // its connections are gone with their event loop: nobody waits for the answer
            }
        }
    }
}
