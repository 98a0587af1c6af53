package io.iotgw.gateway.spool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Spool helpers for tests. */
public final class Spools {

    private Spools() {
    }

    /** Appends lines from {@code device} (at 10.0.0.7:5000) and waits until the spool has them. */
    public static void append(Spool spool, String device, String... lines) throws IOException {
        append(spool, new Spool.Source(device, "10.0.0.7:5000"), lines);
    }

    /** Appends and waits until the spool says the lines are kept; throws what it said otherwise. */
    public static void append(Spool spool, Spool.Source source, String... texts) throws IOException {
        List<Spool.Line> lines = new ArrayList<>();
        for (String t : texts) {
            lines.add(new Spool.Line(source, 1_700_000_000_000L, t.getBytes(StandardCharsets.UTF_8)));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        spool.append(lines, null, new Spool.Completion() {
            @Override
            public void appended() {
                done.complete(null);
            }

            @Override
            public void failed(IOException cause) {
                done.completeExceptionally(cause);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw (IOException) e.getCause();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<String> drain(Spool spool) throws IOException {
        List<String> out = new ArrayList<>();
        for (SpoolEntry e; (e = spool.reader().next()) != null; ) {
            out.add(e.deviceId() + "#" + e.seq() + ":" + new String(e.payload(), StandardCharsets.UTF_8));
        }
        return out;
    }

}
