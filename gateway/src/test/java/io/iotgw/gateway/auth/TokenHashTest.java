package io.iotgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TokenHashTest {

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void pbkdf2_matchesPublishedHmacSha512Vectors() {
        assertThat(hex(TokenHash.pbkdf2("password", "salt".getBytes(), 1, 64))).isEqualTo(
                "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
                        + "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
        assertThat(hex(TokenHash.pbkdf2("password", "salt".getBytes(), 2, 64))).isEqualTo(
                "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
                        + "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e");
        assertThat(hex(TokenHash.pbkdf2("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt".getBytes(),
                4096, 64))).isEqualTo("8c0511f4c6e597c6ac6315d8f0362e225f3c501495ba23b868c005174dc4ee71"
                + "115b59f9e60cd9532fa33e0f75aefe30225c583a186cd82bd4daea9724a3d3b8");
    }

    @Test
    void parse_aLineMosquittoPasswdWrote_matchesItsPassword() {
        TokenHash hash = TokenHash.parse("$7$101$pl7Z4Fv2NevPA3nu$X6LsWhHq0kWCLpP4MzPXzfBUJRRlaoFbRpsUn3i0Yb5zNjphR8PvSWU6Yi"
                + "OdiTP21tbTwT+MWnGXn8/dzBbcBg==");
        assertThat(hash.matches("secret")).isTrue();
        assertThat(hash.matches("secreT")).isFalse();
        assertThat(hash.matches("")).isFalse();
    }

    @Test
    void of_newToken_roundTripsThroughItsEncodedForm() {
        SecureRandom random = new SecureRandom();
        String token = Tokens.newToken(random);
        TokenHash hash = TokenHash.of(token, random);
        assertThat(hash.encoded()).matches("\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==");
        assertThat(TokenHash.parse(hash.encoded()).matches(token)).isTrue();
        assertThat(TokenHash.parse(hash.encoded()).matches(Tokens.newToken(random))).isFalse();
    }

    @Test
    void of_sameToken_getsADifferentSaltEachTime() {
        SecureRandom random = new SecureRandom();
        assertThat(TokenHash.of("t", random).encoded()).isNotEqualTo(TokenHash.of("t", random).encoded());
    }

    @Test
    void newToken_is192RandomBitsAsBase64url() {
        String token = Tokens.newToken(new SecureRandom());
        assertThat(token).matches("[A-Za-z0-9_-]{32}");
        assertThat(Tokens.wellFormed(token)).isTrue();
    }

    @Test
    void parse_damagedForms_sayWhatIsWrong_withoutQuotingTheHash() {
        assertThatThrownBy(() -> TokenHash.parse("")).hasMessageContaining("no hash");
        assertThatThrownBy(() -> TokenHash.parse("$6$abc$def")).hasMessage("hash type $6$ is not supported (only $7$, PBKDF2-SHA512)");
        assertThatThrownBy(() -> TokenHash.parse("$7$101$abc")).hasMessageContaining("three fields");
        assertThatThrownBy(() -> TokenHash.parse("$7$x$YWJjZGVmZ2g=$YQ==")).hasMessage("iterations must be a number");
        assertThatThrownBy(() -> TokenHash.parse("$7$2000000000$YWJjZGVmZ2g=$YQ==")).hasMessageContaining("iterations must be from 1 to 100000");
        assertThatThrownBy(() -> TokenHash.parse("$7$101$!!!$YQ==")).hasMessage("salt and hash must be base64");
        assertThatThrownBy(() -> TokenHash.parse("$7$101$YWJjZGVmZ2g=$YQ==")).hasMessageContaining("the hash 64");
    }

    @Test
    void toString_neverShowsSaltOrHash() {
        assertThat(TokenHash.of("t", new SecureRandom()).toString()).isEqualTo("TokenHash[$7$101$...]");
    }
}
