package io.iotgw.gateway.bench.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GatewayAddressTest {

    @Test
    void parseList_inOrder_withTheDefaultPort() {
        assertThat(GatewayAddress.parseList("pi-a:1883,pi-b,[fd00::1]:9000,::1"))
                .containsExactly(new GatewayAddress("pi-a", 1883), new GatewayAddress("pi-b", 12345),
                        new GatewayAddress("fd00::1", 9000), new GatewayAddress("::1", 12345));
    }

    @Test
    void parseList_badEntries_nameTheEntry() {
        assertThatThrownBy(() -> GatewayAddress.parseList("pi-a,pi b")).hasMessageContaining("got 'pi b'");
        assertThatThrownBy(() -> GatewayAddress.parseList("pi-a:0")).hasMessageContaining("'pi-a:0' needs a port");
        assertThatThrownBy(() -> GatewayAddress.parseList("pi-a:x")).hasMessageContaining("needs a port");
        assertThatThrownBy(() -> GatewayAddress.parseList("pi-a,")).hasMessageContaining("got ''");
    }
}
