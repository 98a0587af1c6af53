package io.iotgw.gateway.spool;

import static io.iotgw.gateway.spool.SpoolTest.A;
import static io.iotgw.gateway.spool.Spools.append;
import static io.iotgw.gateway.spool.Spools.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.LogCapture;
import io.iotgw.gateway.e2e.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool on a real, tiny, full disk (a 2 MB tmpfs): lines are refused while it is full, and taken again once the broker has taken the backlog. */
class SpoolFullDiskTest {

    private static final String AFTER = "after the disk was full " + "z".repeat(6000);

    @TempDir
    Path tmp;

    private Path disk;

    @BeforeEach
    void mountATinyDisk() throws Exception {
        disk = Files.createDirectory(tmp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
        Requirements.require(mounted, "permission to mount a tmpfs (root)", "run the tests as root, as CI does");
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", disk.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }

    private static void fillTheRest(Path file) {
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[4096];
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // nothing left
        }
    }

    @Test
    void aFullDisk_refusesNewLinesWithAnHonestError_andTakesThemAgainOnceTheBacklogIsAcknowledged() throws Exception {
        String line = "x".repeat(1000);
        Path dir = disk.resolve("spool");
        int kept = 0;
        try (LogCapture logs = new LogCapture(); Spool spool = Spool.open(dir, 64L << 20, Duration.ofSeconds(1))) {
            IOException refused = null;
            while (refused == null && kept < 5000) {
                try {
                    append(spool, A, line);
                    kept++;
                } catch (IOException e) {
                    refused = e;
                }
            }
            assertThat(refused).as("the disk filled up").isNotNull().hasMessageContaining("No space left on device");
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("ERROR spool " + dir + ": cannot write 1 line")
                    && l.contains("No space left on device") && l.contains("their echo is withheld"));

            fillTheRest(disk.resolve("filler")); // what little is left, something else takes

            // the broker takes everything spooled
            List<String> published = drain(spool);
            assertThat(published).hasSize(kept);
            SpoolEntry last = null;
            spool.reader().rewind();
            for (SpoolEntry e; (e = spool.reader().next()) != null; ) {
                last = e;
            }
            spool.acknowledge(last);

            await("new lines to be taken again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        try {
                            append(spool, A, AFTER); // more than a page: it needs new room

                            return true;
                        } catch (IOException e) {
                            return false;
                        }
                    });
            assertThat(drain(spool)).containsExactly("a#" + (kept + 1) + ":" + AFTER);
            assertThat(logs.lines()).anyMatch(l -> l.contains("the disk is full: gave up the spool's reserve"));
        }
        try (Spool spool = Spool.open(dir, 64L << 20, Duration.ofSeconds(1))) {
            assertThat(drain(spool)).containsExactly("a#" + (kept + 1) + ":" + AFTER);
        }
    }
}
