package io.iotgw.gateway.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesLimitTest {

    @TempDir
    Path dir;

    @Test
    void soft_isReadFromTheProcLimitsFormat() throws Exception {
        Path limits = Files.writeString(dir.resolve("limits"), """
                Limit                     Soft Limit           Hard Limit           Units
                Max processes             95000                95000                processes
                Max open files            1024                 524288               files
                """);
        assertThat(OpenFilesLimit.soft(limits)).hasValue(1024);
        assertThat(OpenFilesLimit.soft(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void warning_whenMaxConnectionsDoesNotFit_namesTheSettingAndTheFix() {
        assertThat(OpenFilesLimit.warning(10_000, OptionalLong.of(1024))).isEqualTo("this process may open 1024 files, "
                + "fewer than max-connections 10000 needs (one per connection, and some 200 of its own): devices past about "
                + "824 will be refused by the system; raise the limit (LimitNOFILE= in the systemd unit, ulimit -n in a "
                + "shell) or lower max-connections");
        assertThat(OpenFilesLimit.warning(10_000, OptionalLong.of(65_536))).isNull();
        assertThat(OpenFilesLimit.warning(10_000, OptionalLong.empty())).isNull();
    }
}
