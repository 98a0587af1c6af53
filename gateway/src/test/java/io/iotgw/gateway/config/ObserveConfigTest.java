package io.iotgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of the HTTP side and the stats message. */
class ObserveConfigTest {

    @Test
    void load_nothingGiven_noHttpSide_statsEvery30s() throws Exception {
        ObserveConfig o = ConfigLoader.load(Map.of(), Map.of(), null).observe();
        assertThat(o.httpPort()).isEmpty();
        assertThat(o.httpBind()).isEqualTo("127.0.0.1");
        assertThat(o.healthBacklogAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(o.statsInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.deviceSeries()).isZero();
    }

    @Test
    void load_eachSetting_fromFlagsAndEnvironment() throws Exception {
        ObserveConfig o = ConfigLoader.load(Map.of("http-port", "12346", "metrics-devices", "50"),
                Map.of("IOTGW_HTTP_BIND", "0.0.0.0", "IOTGW_HEALTH_BACKLOG_AGE", "90s", "IOTGW_STATS_INTERVAL", "0"), null)
                .observe();
        assertThat(o.httpPort()).hasValue(12346);
        assertThat(o.httpBind()).isEqualTo("0.0.0.0");
        assertThat(o.healthBacklogAge()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.statsInterval()).isZero();
        assertThat(o.deviceSeries()).isEqualTo(50);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "http-port          | 70000 | --http-port must be a port number from 1 to 65535 (0 picks a free one), got '70000'",
            "http-bind          | a b   | --http-bind must be an IP address or a host name, such as 0.0.0.0 or 127.0.0.1, got 'a b'",
            "health-backlog-age | later | --health-backlog-age must be a duration such as 30s, 5m, 1h or 500ms (0 turns it off), got 'later'",
            "stats-interval     | -1s   | --stats-interval must be a duration such as 30s, 5m, 1h or 500ms (0 turns it off), got '-1s'",
            "metrics-devices    | 20000 | --metrics-devices must be a whole number from 0 to 10000, got '20000'"})
    void load_badValue_namesTheSettingTheRuleAndTheValue(String key, String value, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(key, value), Map.of(), null))
                .isInstanceOf(ConfigException.class).hasMessage(message);
    }
}
