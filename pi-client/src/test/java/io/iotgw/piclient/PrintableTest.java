package io.iotgw.piclient;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void controlCharacters_areEscaped_andLengthBounded() {
        assertThat(Printable.of("HELLO \u001b[2J\rERROR root login ok\n")).isEqualTo("HELLO \\x1b[2J\\x0dERROR root login ok\\x0a");
        assertThat(Printable.of("a\\b")).isEqualTo("a\\\\b");
        assertThat(Printable.of("temp=21.5 ü")).isEqualTo("temp=21.5 ü");
        assertThat(Printable.of("x".repeat(500))).hasSize(203).endsWith("...");
    }
}
