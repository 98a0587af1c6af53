package io.iotgw.gateway.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TopicsTest {

    private final Topics topics = new Topics("iotgw", "pi-kitchen");

    @Test
    void layout_isTheContracts() {
        assertThat(topics.up("esp32-01")).isEqualTo("iotgw/pi-kitchen/esp32-01/up");
        assertThat(topics.deviceStatus("esp32-01")).isEqualTo("iotgw/pi-kitchen/esp32-01/status");
        assertThat(topics.downFilter()).isEqualTo("iotgw/pi-kitchen/+/down");
        assertThat(topics.gatewayStatus()).isEqualTo("iotgw/pi-kitchen/status");
    }

    @Test
    void deviceOfDownlink_onlyForOurDownTopics() {
        assertThat(topics.deviceOfDownlink("iotgw/pi-kitchen/esp32-01/down")).isEqualTo("esp32-01");
        assertThat(topics.deviceOfDownlink("iotgw/other-gw/esp32-01/down")).isNull();
        assertThat(topics.deviceOfDownlink("iotgw/pi-kitchen/a/b/down")).isNull();
        assertThat(topics.deviceOfDownlink("iotgw/pi-kitchen//down")).isNull();
        assertThat(topics.deviceOfDownlink("iotgw/pi-kitchen/esp32-01/up")).isNull();
    }
}
