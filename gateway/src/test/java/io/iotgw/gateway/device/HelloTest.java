package io.iotgw.gateway.device;

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
    @ValueSource(strings = {"HELLO ", "HELLO three word s", "HELLO id tok\u00e9n", "HELLO id tab\ttoken", "HELLO sl/ash", "HELLO plus+", "HELLO ümlaut", "hello lower",
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

    private static Hello.Claim claimOf(String line) {
        return Hello.claim(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
    }

    @org.junit.jupiter.api.Test
    void claim_idAndToken_areBothTaken() {
        assertThat(claimOf("HELLO pump-1 Gx9_tok-EN+/=!~\r")).isEqualTo(new Hello.Claim("pump-1", "Gx9_tok-EN+/=!~"));
        assertThat(claimOf("HELLO pump-1")).isEqualTo(new Hello.Claim("pump-1", null));
        assertThat(claimOf("HELLO pump-1   tok  ")).isEqualTo(new Hello.Claim("pump-1", "tok"));
        assertThat(idOf("HELLO pump-1 tok")).isEqualTo("pump-1");
    }

    @org.junit.jupiter.api.Test
    void claim_longestIdAndToken_fitTheLine() {
        String line = "HELLO " + "i".repeat(64) + " " + "t".repeat(128) + "\r";
        assertThat(line.length()).isLessThanOrEqualTo(Hello.MAX_LINE_BYTES);
        assertThat(claimOf(line).token()).hasSize(128);
        assertThat(claimOf("HELLO id " + "t".repeat(129))).isNull();
    }

    @org.junit.jupiter.api.Test
    void claim_toString_neverShowsTheToken() {
        assertThat(claimOf("HELLO pump-1 s3cret").toString()).isEqualTo("Claim[pump-1, with a token]").doesNotContain("s3cret");
    }

    @org.junit.jupiter.api.Test
    void forLog_hidesTheTokenAndEscapesControls() {
        assertThat(Hello.forLog(Unpooled.copiedBuffer("HELLO bad!id s3cret\r", StandardCharsets.UTF_8)))
                .isEqualTo("HELLO bad!id <6 more characters hidden>");
        assertThat(Hello.forLog(Unpooled.copiedBuffer("HELLO \u001b[2J\rERROR", StandardCharsets.UTF_8)))
                .isEqualTo("HELLO \\x1b[2J\\rERROR");
    }
}
