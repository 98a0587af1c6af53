package io.iotgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iotgw.gateway.Transport;
import io.iotgw.gateway.ha.SensorKinds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
                65536, 32 * 1024 * 1024, Transport.AUTO, 0, Optional.empty(),
                new ObserveConfig(OptionalInt.empty(), "127.0.0.1", Duration.ofMinutes(5), Duration.ofSeconds(30), 0),
                Optional.empty(), new AuthConfig(io.iotgw.gateway.auth.AuthPolicy.OFF, Optional.empty())));
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
        Path file = yaml("colour: blue\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessageStartingWith(file + " has an unknown setting 'colour' (known: bind, port, reply, ")
                .hasMessageEndingWith(", " + Settings.ALL.get(Settings.ALL.size() - 1).key() + ")");
    }

    @Test
    void load_mistypedKeyInFile_namesTheNearOne() throws Exception {
        Path file = yaml("port: 1\nmax-conections: 500\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage(file + " has an unknown setting 'max-conections' (did you mean max-connections?)");
    }

    @Test
    void load_mistypedEnvironmentVariable_isRefusedNamingTheNearOne() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("port", "1"), Map.of("IOTGW_PROT", "1"), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("the environment has an unknown setting IOTGW_PROT (did you mean IOTGW_PORT?)");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("IOTGW_SPOOL_MAXMB", "9"), null))
                .hasMessage("the environment has an unknown setting IOTGW_SPOOL_MAXMB (did you mean IOTGW_SPOOL_MAX_MB?)");
    }

    @Test
    void load_unknownEnvironmentVariable_isRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of("IOTGW_COLOUR", "blue"), null))
                .hasMessageStartingWith("the environment has an unknown setting IOTGW_COLOUR (known: IOTGW_AUTH, IOTGW_BIND, IOTGW_CONFIG, ")
                .hasMessageEndingWith(", IOTGW_TRANSPORT)");
    }

    @Test
    void load_variablesThatAreNotTheGateways_areLeftAlone() throws Exception {
        Map<String, String> env = Map.of("IOTGW_REQUIRE_ALL_TESTS", "1", "IOTGW_TEST_JAVA17", "/usr/bin/java",
                "IOTGWX", "1", "HOME", "/root", "iotgw_port", "1");
        assertThat(ConfigLoader.load(Map.of(), env, null)).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void load_listWhereOneValueBelongs_breaksTheSettingsRule() throws Exception {
        Path file = yaml("port: [1, 2]\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("port in " + file + " must be a port number from 1 to 65535 (0 picks a free one), got '1,2'");
    }

    @Test
    void load_mappingWhereOneValueBelongs_breaksTheSettingsRule() throws Exception {
        Path file = yaml("port:\n  number: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file))
                .hasMessage("port in " + file + " must be a port number from 1 to 65535 (0 picks a free one), got 'number=1'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "port: {a: {b: 1}}  | {\"a\":{\"b\":1}}",
            "port: [1, [2]]     | [1,[2]]",
            "port: []           | []",
            "port: {}           | {}",
            "port: {a: null}    | {\"a\":null}"})
    void load_nestedOrEmptyValue_isRefused(String text, String shown) throws Exception {
        Path file = yaml(text + "\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Map.of(), file)).hasMessage("port in " + file
                + " must be a value, a list of values or a mapping of names to values, got '" + shown + "'");
    }

    @Test
    void load_spoolDirNotGiven_isTheUsersStateDirectory_asXdgSaysWhenSet() throws Exception {
        Map<String, String> flags = Map.of("mqtt", "tcp://localhost:1883");
        assertThat(ConfigLoader.load(flags, Map.of("XDG_STATE_HOME", "/srv/state"), null).bridge().orElseThrow().spoolDir())
                .isEqualTo(Path.of("/srv/state/iot-gateway/spool"));
        assertThat(ConfigLoader.load(flags, Map.of("XDG_STATE_HOME", "relative/is/ignored"), null).bridge().orElseThrow()
                .spoolDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/iot-gateway/spool"));
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
        assertThat(b.spoolDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/iot-gateway/spool"));
        assertThat(b.spoolMaxBytes()).isEqualTo(256L << 20);
        assertThat(b.spoolFsync()).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.username()).isEmpty();
        assertThat(b.password()).isEmpty();
        assertThat(b.publisherNice()).isEqualTo(10);
        assertThat(b.downlinkMaxBytes()).isEqualTo(160);
        assertThat(b.downlinkBacklogBytes()).isEqualTo(4096);
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
    void load_missingPasswordFile_saysWhichAndWhy() {
        Path absent = dir.resolve("absent");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("mqtt", "tcp://h:1883", "mqtt-password-file",
                absent.toString()), Map.of(), null))
                .hasMessage("--mqtt-password-file " + absent + " cannot be read: no such file");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("mqtt", "tcp://h:1883"),
                Map.of("IOTGW_MQTT_PASSWORD_FILE", absent.toString()), null))
                .hasMessage("IOTGW_MQTT_PASSWORD_FILE " + absent + " cannot be read: no such file");
    }

    @Test
    void load_passwordFileThatIsADirectory_saysSo() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("mqtt", "tcp://h:1883", "mqtt-password-file",
                dir.toString()), Map.of(), null))
                .hasMessage("--mqtt-password-file " + dir + " cannot be read: is a directory");
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
    void load_bridge_readsFieldsWithoutHomeAssistantByDefault() throws Exception {
        ReadingsConfig r = ConfigLoader.load(Map.of("mqtt", "tcp://h:1883"), Map.of(), null).bridge().orElseThrow().readings();
        assertThat(r.fields()).isTrue();
        assertThat(r.homeAssistant()).isEmpty();
    }

    @Test
    void load_haDiscoveryOn_usesHomeAssistantsPrefixAndTheBuiltInSensors() throws Exception {
        HaConfig ha = ConfigLoader.load(Map.of("mqtt", "tcp://h:1883", "ha-discovery", "on"), Map.of(), null)
                .bridge().orElseThrow().readings().homeAssistant().orElseThrow();
        assertThat(ha.discoveryPrefix()).isEqualTo("homeassistant");
        assertThat(ha.sensors().kindOf("temp")).contains(SensorKinds.TEMPERATURE);
    }

    @Test
    void load_readingsOffInYaml_turnsFieldsOff() throws Exception {
        Path file = yaml("mqtt: tcp://h:1883\nreadings: off\n"); // YAML reads off as false
        assertThat(ConfigLoader.load(Map.of(), Map.of(), file).bridge().orElseThrow().readings().fields()).isFalse();
    }

    @Test
    void load_haDiscoveryWithReadingsOff_isRefusedNamingWhereReadingsCameFrom() throws Exception {
        Path file = yaml("readings: no\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("mqtt", "tcp://h:1883"), Map.of("IOTGW_HA_DISCOVERY", "true"),
                file)).isInstanceOf(ConfigException.class).hasMessage("readings in " + file
                + " must be on while ha-discovery is on (Home Assistant's sensors read the fields), got 'off'");
    }

    @Test
    void load_haSensorsAsYamlMapping_mapsEachKey() throws Exception {
        Path file = yaml("mqtt: tcp://h:1883\nha-discovery: true\nha-prefix: ha/site-a\nha-sensors:\n"
                + "  water_temp: temperature\n  soil: \"%,moisture\"\n  n: \"-\"\n  co2: ppm,carbon_dioxide,measurement\n");
        HaConfig ha = ConfigLoader.load(Map.of(), Map.of(), file).bridge().orElseThrow().readings().homeAssistant()
                .orElseThrow();
        assertThat(ha.discoveryPrefix()).isEqualTo("ha/site-a");
        assertThat(ha.sensors().kindOf("water_temp")).contains(SensorKinds.TEMPERATURE);
        assertThat(ha.sensors().kindOf("soil").orElseThrow()).satisfies(k -> {
            assertThat(k.unit()).isEqualTo("%");
            assertThat(k.deviceClass()).isEqualTo("moisture");
            assertThat(k.stateClass()).isEqualTo("measurement");
        });
        assertThat(ha.sensors().kindOf("n")).isEmpty();
        assertThat(ha.sensors().kindOf("co2").orElseThrow().deviceClass()).isEqualTo("carbon_dioxide");
        assertThat(ha.sensors().kindOf("rssi")).contains(SensorKinds.RSSI);
    }

    @Test
    void load_haSensorsFromTheEnvironment_isTheSameText() throws Exception {
        HaConfig ha = ConfigLoader.load(Map.of("mqtt", "tcp://h:1883", "ha-discovery", "on"),
                Map.of("IOTGW_HA_SENSORS", " soil = %,moisture ; lux=- ;"), null).bridge().orElseThrow().readings()
                .homeAssistant().orElseThrow();
        assertThat(ha.sensors().kindOf("soil").orElseThrow().unit()).isEqualTo("%");
        assertThat(ha.sensors().kindOf("lux")).isEmpty();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "readings     | maybe        | --readings must be on or off, got 'maybe'",
            "ha-discovery | 1            | --ha-discovery must be on or off, got '1'",
            "ha-prefix    | ha/#         | --ha-prefix must be topic levels of A-Z a-z 0-9 _ . - separated by '/', such as iotgw or site/a, got 'ha/#'",
            "ha-sensors   | soil         | --ha-sensors must be KEY=KIND, KEY=UNIT[,DEVICE_CLASS[,STATE_CLASS]] or KEY=- entries separated by ';', such as 'water_temp=temperature;soil=%,moisture;n=-', got 'soil'",
            "ha-sensors   | ;            | --ha-sensors must be KEY=KIND, KEY=UNIT[,DEVICE_CLASS[,STATE_CLASS]] or KEY=- entries separated by ';', such as 'water_temp=temperature;soil=%,moisture;n=-', got ';'",
            "ha-sensors   | soil=        | --ha-sensors must be KEY=KIND, KEY=UNIT[,DEVICE_CLASS[,STATE_CLASS]] or KEY=- entries separated by ';', such as 'water_temp=temperature;soil=%,moisture;n=-' (kinds: temperature, temperature_f, humidity, pressure, illuminance, co2, battery, voltage, rssi, heap, uptime_ms, uptime_s, counter, load, measurement), got 'soil='",
            "ha-sensors   | a=1,2,3,4    | --ha-sensors must be KEY=KIND, KEY=UNIT[,DEVICE_CLASS[,STATE_CLASS]] or KEY=- entries separated by ';', such as 'water_temp=temperature;soil=%,moisture;n=-' (kinds: temperature, temperature_f, humidity, pressure, illuminance, co2, battery, voltage, rssi, heap, uptime_ms, uptime_s, counter, load, measurement), got 'a=1,2,3,4'",
            "ha-sensors   | a b=%        | --ha-sensors must map reading keys of 1 to 64 of A-Z a-z 0-9 _ . - (not 'a b'), got 'a b=%'",
            "ha-sensors   | a=%;a=V      | --ha-sensors must map each key once (a is there twice), got 'a=%;a=V'",
            "ha-sensors   | t=°C,Temp    | --ha-sensors must give t a numeric Home Assistant device class in lower case, such as temperature or moisture (not 'Temp'), got 't=°C,Temp'",
            "ha-sensors   | t=,timestamp | --ha-sensors must give t a numeric Home Assistant device class in lower case, such as temperature or moisture (not 'timestamp'), got 't=,timestamp'",
            "ha-sensors   | t=°C,,sum    | --ha-sensors must give t a state class of measurement, measurement_angle, total or total_increasing (not 'sum'), got 't=°C,,sum'"})
    void load_badReadingsSetting_namesTheSettingTheRuleAndTheValue(String key, String value, String message) {
        Map<String, String> flags = new java.util.HashMap<>(Map.of("mqtt", "tcp://h:1883", "ha-discovery", "on"));
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

    @Test
    void load_tlsPortWithItsFiles_isTheTlsConfig() throws Exception {
        GatewayConfig c = ConfigLoader.load(Map.of("tls-port", "8883", "tls-cert", "/etc/gw/cert.pem", "tls-key",
                "/etc/gw/key.pem", "tls-client-ca", "/etc/gw/ca.pem", "port", "off"), Map.of(), null);
        TlsConfig tls = c.tls().orElseThrow();
        assertThat(tls.port()).isEqualTo(8883);
        assertThat(tls.certificate()).isEqualTo(Path.of("/etc/gw/cert.pem"));
        assertThat(tls.key()).isEqualTo(Path.of("/etc/gw/key.pem"));
        assertThat(tls.clientCa()).contains(Path.of("/etc/gw/ca.pem"));
        assertThat(tls.handshakeTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.plainPortOn()).isFalse();
        assertThat(ConfigLoader.load(Map.of(), Map.of(), null).plainPortOn()).isTrue();
    }

    @Test
    void load_authWithCredentials_isTheAuthConfig() throws Exception {
        Path file = yaml("auth: required\ncredentials: /var/lib/iot-gateway/devices\n");
        AuthConfig auth = ConfigLoader.load(Map.of(), Map.of(), file).auth();
        assertThat(auth.policy()).isEqualTo(io.iotgw.gateway.auth.AuthPolicy.REQUIRED);
        assertThat(auth.credentials()).contains(Path.of("/var/lib/iot-gateway/devices"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "port=off                              | --port can be off only with a TLS port (tls-port, tls-cert and tls-key), got 'off'",
            "tls-port=8883                         | --tls-port needs tls-cert and tls-key (PEM files), got '8883'",
            "tls-port=8883,tls-cert=c.pem          | --tls-port needs tls-cert and tls-key (PEM files), got '8883'",
            "tls-cert=c.pem                        | --tls-cert needs tls-port to turn TLS on, got 'c.pem'",
            "tls-client-ca=ca.pem                  | --tls-client-ca needs tls-port to turn TLS on, got 'ca.pem'",
            "tls-port=12345,tls-cert=c,tls-key=k   | --tls-port must differ from port, got '12345'",
            "tls-port=x                            | --tls-port must be a port number from 1 to 65535 (0 picks a free one), got 'x'",
            "port=of                               | --port must be a port number from 1 to 65535 (0 picks a free one), got 'of'",
            "tls-port=1,tls-cert=c,tls-key=k,tls-handshake-timeout=0 | --tls-handshake-timeout must be a duration above zero such as 10s or 500ms, got '0'",
            "auth=optional                         | --auth needs credentials (a file made with 'iot-gateway device add') when optional, got 'optional'",
            "auth=required                         | --auth needs credentials or tls-client-ca when required, got 'required'",
            "auth=on                               | --auth must be one of off, optional, required, got 'on'",
            "mqtt=tcp://h:1,downlink-max=4KiB      | downlink-backlog must be larger than downlink-max (4KiB), got '4KiB'",
            "mqtt=tcp://h:1,downlink-backlog=100   | --downlink-backlog must be larger than downlink-max (160B), got '100'",
            "mqtt=tcp://h:1,downlink-max=0         | --downlink-max must be a size from 1B to 16MiB such as 65536, 64KiB or 1MiB, got '0'"})
    void load_badTrustSettings_nameTheSettingTheRuleAndTheValue(String settings, String message) {
        Map<String, String> flags = new java.util.HashMap<>();
        for (String pair : settings.split(",")) {
            flags.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        assertThatThrownBy(() -> ConfigLoader.load(flags, Map.of(), null)).isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void load_requiredAuthWithClientCertificatesOnly_isEnough() throws Exception {
        GatewayConfig c = ConfigLoader.load(Map.of("auth", "required", "tls-port", "8883", "tls-cert", "c", "tls-key", "k",
                "tls-client-ca", "ca"), Map.of(), null);
        assertThat(c.auth().credentials()).isEmpty();
    }
}
