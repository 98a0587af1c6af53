package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayTest {

    private static List<Gateway> parse(String... entries) {
        return Gateway.parseList("--gateway", List.of(entries), 12345);
    }

    @Test
    void parseList_inOrder_withTheDefaultPortWhereNoneIsGiven() {
        assertThat(parse("pi-a:1883", "pi-b", "192.168.1.10:9000"))
                .containsExactly(new Gateway("pi-a", 1883), new Gateway("pi-b", 12345), new Gateway("192.168.1.10", 9000));
        assertThat(parse("[fd00::1]:9000", "::1")).containsExactly(new Gateway("fd00::1", 9000), new Gateway("::1", 12345));
        assertThat(parse("[fd00::1]:9000").get(0)).hasToString("[fd00::1]:9000");
    }

    @Test
    void parseList_badEntries_areOneLineErrors_namingTheOptionTheRuleAndTheEntry() {
        assertThatThrownBy(() -> parse("pi-a", "pi-b:99999")).hasMessage(
                "--gateway must be host[:port] entries separated by commas (a port from 1 to 65535), got 'pi-b:99999'");
        assertThatThrownBy(() -> parse("pi a")).hasMessageContaining("(a host name or IP address of 1 to 253 characters)");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("got ''");
        assertThatThrownBy(() -> parse("pi-a:")).hasMessageContaining("a port from 1 to 65535");
        assertThatThrownBy(() -> parse("pi-a:-1")).hasMessageContaining("a port from 1 to 65535");
        assertThatThrownBy(() -> parse("[fd00::1]x")).hasMessageContaining("in brackets");
        assertThatThrownBy(() -> parse("pi\u001b[2J")).hasMessageContaining("host name");
        assertThatThrownBy(() -> parse("a", "b", "c", "d", "e")).hasMessage("--gateway must name 1 to 4 gateways, got 5");
    }
}
