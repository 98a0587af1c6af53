package io.iotgw.gateway.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileWatcherTest {

    @TempDir
    Path dir;

    private final AtomicInteger reloads = new AtomicInteger();

    @Test
    void check_unchangedFiles_reloadNothing() throws Exception {
        Path f = Files.writeString(dir.resolve("cert.pem"), "a");
        FileWatcher.Watch watch = new FileWatcher.Watch(List.of(f), FileStamp.of(List.of(f)), reloads::incrementAndGet);
        for (int i = 0; i < 5; i++) {
            watch.check();
        }
        assertThat(reloads).hasValue(0);
    }

    @Test
    void check_aChange_isReadOnceItHasSettledForOneCheck_andOnlyOnce() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "a");
        Path key = Files.writeString(dir.resolve("key.pem"), "a");
        FileWatcher.Watch watch = new FileWatcher.Watch(List.of(cert, key), FileStamp.of(List.of(cert, key)),
                reloads::incrementAndGet);
        Files.writeString(cert, "bb");
        watch.check(); // the certificate is new, the key not yet
        Files.writeString(key, "bb");
        watch.check(); // both new, but not seen settled yet
        assertThat(reloads).hasValue(0);
        watch.check();
        assertThat(reloads).hasValue(1);
        watch.check();
        watch.check();
        assertThat(reloads).hasValue(1);
    }

    @Test
    void check_aFileRenamedOverWithTheSameSizeAndTime_isAChange() throws Exception {
        Path f = Files.writeString(dir.resolve("devices"), "aaaa");
        FileTime time = Files.getLastModifiedTime(f);
        FileWatcher.Watch watch = new FileWatcher.Watch(List.of(f), FileStamp.of(List.of(f)), reloads::incrementAndGet);
        Path next = Files.writeString(dir.resolve("devices.new"), "bbbb");
        Files.setLastModifiedTime(next, time);
        Files.move(next, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        watch.check();
        watch.check();
        assertThat(reloads).hasValue(1);
    }

    @Test
    void check_aFileThatAppearsOrGoes_isAChange() throws Exception {
        Path f = dir.resolve("devices");
        FileWatcher.Watch watch = new FileWatcher.Watch(List.of(f), FileStamp.of(List.of(f)), reloads::incrementAndGet);
        Files.writeString(f, "x");
        watch.check();
        watch.check();
        Files.delete(f);
        watch.check();
        watch.check();
        assertThat(reloads).hasValue(2);
    }

    @Test
    void watch_onItsOwnThread_reloadsAfterAChange() throws Exception {
        Path f = Files.writeString(dir.resolve("devices"), "a");
        try (FileWatcher watcher = new FileWatcher(Duration.ofMillis(20))) {
            watcher.watch(List.of(f), FileStamp.of(List.of(f)), reloads::incrementAndGet);
            Files.writeString(f, "changed");
            await().atMost(Duration.ofSeconds(10)).until(() -> reloads.get() == 1);
        }
    }
}
