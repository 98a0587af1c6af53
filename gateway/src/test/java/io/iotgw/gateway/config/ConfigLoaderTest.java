package io.iotgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotgw.gateway.echo.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("gateway.yaml"), text);
    }

    @Test
    void load_nothingGiven_isTheDocumentedDefaults() throws Exception {
        GatewayConfig c = ConfigLoader.load(Map.of(), Map.of(), null);
        assertThat(c).isEqualTo(new GatewayConfig("0.0.0.0", 12345, Optional.empty(), 10_000, Duration.ofMinutes(5),
                65536, Transport.AUTO, 0));
        assertThat(GatewayConfig.defaults()).isEqualTo(c);
    }

    @Test
    void load_everySource_flagBeatsEnvBeatsFileBeatsDefault() throws Exception {
        Path file = yaml("port: 1001\nmax-connections: 7\nidle-timeout: 90s\nmax-line: 1MiB\n");
        Map<String, String> env = Map.of("IOTGW_PORT", "1002", "IOTGW_MAX_CONNECTIONS", "8");
        Map<String, String> flags = Map.of("port", "1003");
        GatewayConfig c = ConfigLoader.load(flags, env, file);
        assertThat(c.port()).as("flag over env and file").isEqualTo(1003);
        assertThat(c.maxConnections()).as("env over file").isEqualTo(8);
        assertThat(c.idleTimeout()).as("file over default").isEqualTo(Duration.ofSeconds(90));
        assertThat(c.maxLineBytes()).isEqualTo(1 << 20);
        assertThat(c.bind()).as("default").isEqualTo("0.0.0.0");
    }

    @Test
    void load_configFileFromEnvironment_isRead() throws Exception {
        Path file = yaml("reply: 'Goodbye, client!'\n");
        GatewayConfig c = ConfigLoader.load(Map.of(), Map.of("IOTGW_CONFIG", file.toString()), null);
        assertThat(c.reply()).contains("Goodbye, client!");
    }

    @Test
    void load_emptyFile_isAllDefaults() throws Exception {
        assertThat(ConfigLoader.load(Map.of(), Map.of(), yaml("# nothing yet\n"))).isEqualTo(GatewayConfig.defaults());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "90s | PT1M30S", "5m | PT5M", "1h | PT1H", "250ms | PT0.25S", "0 | PT0S", "30 | PT30S"})
    void load_idleTimeout_takesUnits(String raw, Duration expected) throws Exception {
        assertThat(ConfigLoader.load(Map.of("idle-timeout", raw), Map.of(), null).idleTimeout()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"65536 | 65536", "64KiB | 65536", "64k | 65536", "1MiB | 1048576", "2M | 2097152", "128 | 128"})
    void load_maxLine_takesUnits(String raw, int expected) throws Exception {
        assertThat(ConfigLoader.load(Map.of("max-line", raw), Map.of(), null).maxLineBytes()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "port            | 70000 | --port must be a port number from 1 to 65535 (0 picks a free one), got '70000'",
            "port            | http  | --port must be a port number from 1 to 65535 (0 picks a free one), got 'http'",
            "port            | -1    | --port must be a port number from 1 to 65535 (0 picks a free one), got '-1'",
            "bind            | a b   | --bind must be an IP address or a host name, such as 0.0.0.0 or 127.0.0.1, got 'a b'",
            "max-connections | 0     | --max-connections must be a whole number from 1 to 1000000, got '0'",
            "max-connections | lots  | --max-connections must be a whole number from 1 to 1000000, got 'lots'",
            "idle-timeout    | soon  | --idle-timeout must be a duration such as 30s, 5m, 1h or 500ms (0 turns it off), got 'soon'",
            "idle-timeout    | -5s   | --idle-timeout must be a duration such as 30s, 5m, 1h or 500ms (0 turns it off), got '-5s'",
            "max-line        | 64    | --max-line must be a size from 128B to 16MiB such as 65536, 64KiB or 1MiB, got '64'",
            "max-line        | 1GiB  | --max-line must be a size from 128B to 16MiB such as 65536, 64KiB or 1MiB, got '1GiB'",
            "max-line        | big   | --max-line must be a size from 128B to 16MiB such as 65536, 64KiB or 1MiB, got 'big'",
            "transport       | kqueue| --transport must be one of auto, epoll, nio, got 'kqueue'",
            "io-threads      | 999   | --io-threads must be a whole number from 0 to 256, got '999'"})
    void load_badFlag_namesTheSettingTheRuleAndTheValue(String key, String value, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(key, value), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }

    @Test
    void load_emptyReply_isRefused() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("reply", ""), Map.of(), null))
                .hasMessage("--reply must not be empty, got ''");
    }

    @Test
    void load_badEnvironmentValue_namesTheVariable() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("IOTGW_MAX_LINE", "huge"), null))
                .hasMessage("IOTGW_MAX_LINE must be a size from 128B to 16MiB such as 65536, 64KiB or 1MiB, got 'huge'");
    }

    @Test
    void load_badFileValue_namesTheKeyAndTheFile() throws Exception {
        Path file = yaml("port: 99999\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("port in " + file + " must be a port number from 1 to 65535 (0 picks a free one), got '99999'");
    }

    @Test
    void load_badFileValueOverriddenByAFlag_isNotAnError() throws Exception {
        Path file = yaml("port: 99999\n");
        assertThat(ConfigLoader.load(Map.of("port", "2000"), Map.of(), file).port()).isEqualTo(2000);
    }

    @Test
    void load_unknownKeyInFile_isRefusedWithTheKnownOnes() throws Exception {
        Path file = yaml("prot: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage(file + " has an unknown setting 'prot' (known: bind, port, reply, max-connections, "
                        + "idle-timeout, max-line, transport, io-threads)");
    }

    @Test
    void load_listWhereAValueBelongs_isRefused() throws Exception {
        Path file = yaml("port: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("port in " + file + " must be a single value, got '[1,2]'");
    }

    @Test
    void load_fileThatIsNoMapping_isRefused() throws Exception {
        Path file = yaml("- port\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage(file + " must be a YAML mapping of settings such as 'port: 12345'");
    }

    @Test
    void load_brokenYaml_saysWhereInOneLine() throws Exception {
        Path file = yaml("port: 1\n  bind: [\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + " is not valid YAML: ")
                .hasMessageContaining("(line ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void load_missingFile_saysSo() {
        Path file = dir.resolve("absent.yaml");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("--config names a file that does not exist: " + file);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("IOTGW_CONFIG", file.toString()), null))
                .hasMessage("IOTGW_CONFIG names a file that does not exist: " + file);
    }
}
