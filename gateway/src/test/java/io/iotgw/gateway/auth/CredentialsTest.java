package io.iotgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String HASH = TokenHash.of("tok-1", RANDOM).encoded();

    @Test
    void parse_linesCommentsAndBlanks_listsEachDevice() {
        Credentials c = Credentials.parse(List.of("# devices", "", "pump-1:" + HASH, "  esp32-01:" + HASH + "  \r"));
        assertThat(c.deviceIds()).containsExactly("pump-1", "esp32-01");
        assertThat(c.hashOf("esp32-01")).hasValueSatisfying(h -> assertThat(h.matches("tok-1")).isTrue());
        assertThat(c.problems()).isEmpty();
        assertThat(c.lists("nobody")).isFalse();
    }

    @Test
    void parse_damagedHash_keepsTheIdListedWithNoHash_soItFailsClosed() {
        Credentials c = Credentials.parse(List.of("pump-1:$7$101$truncat", "esp32-01:" + HASH));
        assertThat(c.lists("pump-1")).isTrue();
        assertThat(c.hashOf("pump-1")).isEmpty();
        assertThat(c.hashOf("esp32-01")).isPresent();
        assertThat(c.problems()).singleElement().hasToString(
                "line 1 (pump-1): a $7$ hash has three fields: iterations, salt and hash: refused until the line is fixed");
    }

    @Test
    void parse_idListedTwice_isRefusedUntilOneLineIsLeft() {
        Credentials c = Credentials.parse(List.of("pump-1:" + HASH, "pump-1:" + TokenHash.of("other", RANDOM).encoded()));
        assertThat(c.lists("pump-1")).isTrue();
        assertThat(c.hashOf("pump-1")).isEmpty();
        assertThat(c.problems()).singleElement().extracting(Credentials.Problem::line).isEqualTo(2);
    }

    @Test
    void parse_unreadableId_isSkipped_andSaidEscaped() {
        Credentials c = Credentials.parse(List.of("bad id\u001b:" + HASH, "two words", "ok:" + HASH));
        assertThat(c.deviceIds()).containsExactly("ok");
        assertThat(c.problems()).extracting(Object::toString).containsExactly(
                "line 1: 'bad id\\x1b' is not a device id (1-64 of A-Z a-z 0-9 _ . -)",
                "line 2: not <device-id>:<hash>");
    }

    @Test
    void parse_idWithoutHash_isListedAndRefused() {
        Credentials c = Credentials.parse(List.of("pump-1", "esp32-01:"));
        assertThat(c.lists("pump-1")).isTrue();
        assertThat(c.lists("esp32-01")).isTrue();
        assertThat(c.hashOf("pump-1")).isEmpty();
        assertThat(c.problems()).hasSize(2);
    }
}
