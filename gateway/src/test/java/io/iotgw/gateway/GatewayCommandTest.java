package io.iotgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayCommandTest {

    private static Map<String, String> flags(String... args) {
        return GatewayCommand.invocation(GatewayCommand.commandLine().parseArgs(args)).flags();
    }

    @Test
    void invocation_flagThatTakesABareForm_aloneMeansOn() {
        assertThat(flags("--ha-discovery", "--port", "1")).containsEntry("ha-discovery", "on").containsEntry("port", "1");
        assertThat(flags("--port", "1", "--ha-discovery")).containsEntry("ha-discovery", "on");
    }

    @Test
    void invocation_flagThatTakesABareForm_stillTakesAValue() {
        assertThat(flags("--ha-discovery", "off")).containsEntry("ha-discovery", "off");
    }

    @Test
    void invocation_otherFlags_stillNeedTheirValue() {
        assertThat(flags("--readings", "off")).containsEntry("readings", "off");
    }
}
