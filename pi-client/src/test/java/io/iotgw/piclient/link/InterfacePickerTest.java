package io.iotgw.piclient.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.piclient.FakeInterfaces;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterfacePickerTest {

    private final FakeInterfaces nics = new FakeInterfaces().with("eth0", "127.0.0.2", true).with("wlan0", "127.0.0.3", true);

    @Test
    void pick_firstUpWithAnAddress_inPreferenceOrder() {
        assertThat(new InterfacePicker(nics, List.of("eth0", "wlan0")).pick().orElseThrow().name()).isEqualTo("eth0");
        assertThat(new InterfacePicker(nics, List.of("wlan0", "eth0")).pick().orElseThrow().name()).isEqualTo("wlan0");
    }

    @Test
    void pick_preferredDown_takesTheNext_andItsAddress() {
        nics.set("eth0", false);
        InterfacePicker.Choice choice = new InterfacePicker(nics, List.of("eth0", "wlan0")).pick().orElseThrow();
        assertThat(choice.name()).isEqualTo("wlan0");
        assertThat(choice.address().getHostAddress()).isEqualTo("127.0.0.3");
    }

    @Test
    void pick_upWithoutAddress_isNotUsable() {
        nics.withoutAddress("eth0");
        assertThat(new InterfacePicker(nics, List.of("eth0", "wlan0")).pick().orElseThrow().name()).isEqualTo("wlan0");
    }

    @Test
    void pick_noneUsable_isEmpty() {
        nics.set("eth0", false);
        nics.set("wlan0", false);
        assertThat(new InterfacePicker(nics, List.of("eth0", "wlan0")).pick()).isEmpty();
    }

    @Test
    void unknown_namesTheInterfacesThatDoNotExist() {
        assertThat(new InterfacePicker(nics, List.of("eth0", "eth9", "wlan0")).unknown()).containsExactly("eth9");
    }
}
