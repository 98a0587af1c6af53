package io.iotgw.gateway.watch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices when files change (certificates, the credentials file) and has them read again, on a
 * thread of its own, never an event loop. It checks every interval; a change is acted on once the
 * files have looked the same for one more check, so a certificate and its key written one after
 * the other are read together rather than as a mismatched pair.
 *
 * <p>Each watch's state is touched only by the watcher's one thread.
 */
public final class FileWatcher implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    private final ScheduledExecutorService thread;
    private final Duration interval;

    public FileWatcher(Duration interval) {
        this.interval = interval;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "iotgw-watch");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Calls {@code reload} on the watcher's thread after the files changed from {@code loaded}
     * (their stamp taken just before the caller read them, so a change while it read is not missed).
     */
    public void watch(List<Path> files, FileStamp loaded, Runnable reload) {
        Watch watch = new Watch(List.copyOf(files), loaded, reload);
        thread.scheduleWithFixedDelay(watch::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    static final class Watch {
        private final List<Path> files;
        private final Runnable reload;
        private FileStamp applied;
        private FileStamp seen;

        Watch(List<Path> files, FileStamp loaded, Runnable reload) {
            this.files = files;
            this.applied = loaded;
            this.reload = reload;
        }

        void check() {
            FileStamp now = FileStamp.of(files);
            if (now.equals(applied)) {
                seen = null;
            } else if (now.equals(seen)) {
                applied = now; // once per change, whether or not the new files are good
                seen = null;
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    log.error("reading {} again failed", files, e);
                }
            } else {
                seen = now;
            }
        }
    }
}
