package io.iotgw.piclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceIdsTest {

    private static final List<String> HOSTILE = List.of("raspberrypi", "pi-kitchen.lan.example.com", "", ".", "...",
            ".hidden", "pi kitchen", "pi/../../etc", "pi\u001b[2J\rERROR", "pi\nHELLO evil", "x".repeat(300),
            "ümlaut-pi", "pi_1-2", "emoji-\uD83D\uDE00", "#$%&", "pi:1883", "pi@home", "-", "\u0000");

    @Test
    void fromHostName_firstLabel_safeCharacters_atMost64_orTheFallback() {
        assertThat(DeviceIds.fromHostName("pi-kitchen.lan", "fb")).isEqualTo("pi-kitchen");
        assertThat(DeviceIds.fromHostName("pi kitchen/1", "fb")).isEqualTo("pi-kitchen-1");
        assertThat(DeviceIds.fromHostName("x".repeat(100), "fb")).hasSize(64);
        assertThat(DeviceIds.fromHostName("", "fb")).isEqualTo("fb");
        assertThat(DeviceIds.fromHostName("...", "fb")).isEqualTo("fb");
        for (String host : HOSTILE) {
            String id = DeviceIds.fromHostName(host, "fb");
            assertThat(DeviceIds.VALID.matcher(id).matches()).as("'%s' gives a valid id: '%s'", host, id).isTrue();
        }
    }

    @Test
    void fromHostName_isTheGatewaysRule_onHostileHostNames() {
        for (String host : HOSTILE) {
            assertThat(DeviceIds.fromHostName(host, "fb")).as("host name '%s'", host)
                    .isEqualTo(ConfigLoader.idFromHostName(host, "fb"));
        }
    }
}
