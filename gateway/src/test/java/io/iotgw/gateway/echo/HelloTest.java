package io.iotgw.gateway.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelloTest {

    private static String idOf(String line) {
        return Hello.deviceId(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({"HELLO esp32-01,esp32-01", "HELLO a,a", "HELLO Pi_4.kitchen,Pi_4.kitchen", "'HELLO bar-dev-1  ',bar-dev-1"})
    void deviceId_validHello_isTheId(String line, String id) {
        assertThat(idOf(line)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO ", "HELLO two words", "HELLO sl/ash", "HELLO plus+", "HELLO ümlaut", "hello lower",
            "HELLOesp", "temp=21.5", "HELLO 0123456789012345678901234567890123456789012345678901234567890123X"})
    void deviceId_anythingElse_isNull(String line) {
        assertThat(idOf(line)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"HELLO x", "HELLO not valid!"})
    void isHello_keywordAndSpace_isTrue(String line) {
        assertThat(Hello.isHello(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8))).isTrue();
    }

    @org.junit.jupiter.api.Test
    void deviceId_longestValidId_isAccepted() {
        String id = "a".repeat(64);
        assertThat(idOf("HELLO " + id)).isEqualTo(id);
        assertThat(idOf("HELLO " + id + "a")).isNull();
    }
}
