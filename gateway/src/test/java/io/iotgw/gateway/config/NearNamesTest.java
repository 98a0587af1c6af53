package io.iotgw.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NearNamesTest {

    private static final List<String> NAMES = List.of("port", "bind", "max-line", "max-connections", "mqtt-qos", "mqtt",
            "spool-dir");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "prot            | port",
            "PORT            | port",
            "bnid            | bind",
            "max-conections  | max-connections",
            "maxline         | max-line",
            "mqtt-qso        | mqtt-qos",
            "spool-dri       | spool-dir",
            "mqtt-qo         | mqtt-qos"})
    void of_aSlipOfTheFinger_findsTheName(String typed, String meant) {
        assertThat(NearNames.of(typed, NAMES)).containsExactly(meant);
    }

    @ParameterizedTest
    @CsvSource({"colour", "p", "xyzzy", "spool", "ports-and-more"})
    void of_somethingElse_findsNothing(String typed) {
        assertThat(NearNames.of(typed, NAMES)).isEmpty();
    }

    @ParameterizedTest(name = "{0} / {1}: {2}")
    @CsvSource({"port, port, 0", "prot, port, 1", "port, pot, 1", "port, sport, 1", "abc, xyz, 3", "'', ab, 2"})
    void distance_countsEditsWithSwapsAsOne(String a, String b, int edits) {
        assertThat(NearNames.distance(a, b)).isEqualTo(edits);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"a | a", "a,b | a or b", "a,b,c | a, b or c"})
    void joined_readsAsAQuestion(String names, String joined) {
        assertThat(NearNames.joined(List.of(names.split(",")))).isEqualTo(joined);
    }
}
