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
                65536, Transport.AUTO, 0, Optional.empty()));
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
                .hasMessageStartingWith(file + " has an unknown setting 'prot' (known: bind, port, reply, ")
                .hasMessageEndingWith(", spool-fsync)");
    }

    @Test
    void load_listWhereOneValueBelongs_breaksTheSettingsRule() throws Exception {
        Path file = yaml("port: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("port in " + file + " must be a port number from 1 to 65535 (0 picks a free one), got '1,2'");
    }

    @Test
    void load_mappingWhereAValueBelongs_isRefused() throws Exception {
        Path file = yaml("port:\n  number: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("port in " + file + " must be a value or a list of values, got '{\"number\":1}'");
    }

    @Test
    void load_noBrokers_meansNoBridge() throws Exception {
        assertThat(ConfigLoader.load(Map.of("spool-max-mb", "5"), Map.of(), null).bridge()).isEmpty();
    }

    @Test
    void load_brokers_turnTheBridgeOnWithItsDefaults() throws Exception {
        BridgeConfig b = ConfigLoader.load(Map.of("mqtt", "tcp://localhost:1883, ssl://backup:8883"), Map.of(), null)
                .bridge().orElseThrow();
        assertThat(b.brokers()).extracting(Object::toString).containsExactly("tcp://localhost:1883", "ssl://backup:8883");
        assertThat(b.gatewayId()).isEqualTo(ConfigLoader.hostNameAsId()).matches("[A-Za-z0-9_.-]{1,64}");
        assertThat(b.topicPrefix()).isEqualTo("iotgw");
        assertThat(b.qos()).isEqualTo(1);
        assertThat(b.spoolDir()).isEqualTo(Path.of("spool"));
        assertThat(b.spoolMaxBytes()).isEqualTo(256L << 20);
        assertThat(b.spoolFsync()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.username()).isEmpty();
        assertThat(b.password()).isEmpty();
        assertThat(b.publisherNice()).isEqualTo(10);
    }

    @Test
    void load_brokerListInYaml_isSeveralUris() throws Exception {
        Path file = yaml("mqtt:\n  - tcp://a:1883\n  - tcp://b:1883\ngateway-id: pi-kitchen\n");
        BridgeConfig b = ConfigLoader.load(Map.of(), Map.of(), file).bridge().orElseThrow();
        assertThat(b.brokers()).hasSize(2);
        assertThat(b.gatewayId()).isEqualTo("pi-kitchen");
    }

    @Test
    void load_passwordFile_isReadAndNeverPrinted() throws Exception {
        Path secret = Files.writeString(dir.resolve("pw"), "s3cret\n");
        BridgeConfig b = ConfigLoader.load(Map.of("mqtt", "tcp://h:1883", "mqtt-username", "gw",
                "mqtt-password-file", secret.toString()), Map.of(), null).bridge().orElseThrow();
        assertThat(b.password()).contains("s3cret");
        assertThat(b.toString()).doesNotContain("s3cret");
    }

    @Test
    void load_unreadablePasswordFile_saysWhich() {
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("mqtt", "tcp://h:1883", "mqtt-password-file",
                absent.toString()), Map.of(), null)).hasMessageStartingWith("mqtt-password-file " + absent + " cannot be read");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "mqtt         | localhost:1883      | --mqtt must be broker URIs such as tcp://localhost:1883 or ssl://broker:8883, comma-separated, got 'localhost:1883'",
            "mqtt         | http://h:80         | --mqtt must be broker URIs such as tcp://localhost:1883 or ssl://broker:8883, comma-separated, got 'http://h:80'",
            "mqtt         | tcp://h             | --mqtt must be broker URIs such as tcp://localhost:1883 or ssl://broker:8883, comma-separated, got 'tcp://h'",
            "gateway-id   | pi/kitchen          | --gateway-id must be 1 to 64 of the characters A-Z a-z 0-9 _ . -, got 'pi/kitchen'",
            "topic-prefix | iotgw/#             | --topic-prefix must be topic levels of A-Z a-z 0-9 _ . - separated by '/', such as iotgw or site/a, got 'iotgw/#'",
            "topic-prefix | /iotgw              | --topic-prefix must be topic levels of A-Z a-z 0-9 _ . - separated by '/', such as iotgw or site/a, got '/iotgw'",
            "mqtt-qos     | 3                   | --mqtt-qos must be a whole number from 0 to 2, got '3'",
            "mqtt-nice    | 20                  | --mqtt-nice must be a whole number from 0 to 19, got '20'",
            "spool-max-mb | 0                   | --spool-max-mb must be a whole number from 1 to 1000000, got '0'",
            "spool-fsync  | often               | --spool-fsync must be a duration such as 30s, 5m, 1h or 500ms (0 turns it off), got 'often'"})
    void load_badBridgeSetting_namesTheSettingTheRuleAndTheValue(String key, String value, String message) {
        Map<String, String> flags = new java.util.HashMap<>(Map.of("mqtt", "tcp://h:1883"));
        flags.put(key, value);
        assertThatThrownBy(() -> ConfigLoader.load(flags, Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessage(message);
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
