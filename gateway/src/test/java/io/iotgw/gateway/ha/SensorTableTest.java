package io.iotgw.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SensorTableTest {

    @Test
    void kindOf_builtInKeys_matchWithoutRegardToCase() {
        assertThat(SensorTable.BUILT_IN.kindOf("Temperature")).contains(SensorKinds.TEMPERATURE);
        assertThat(SensorTable.BUILT_IN.kindOf("RSSI")).contains(SensorKinds.RSSI);
        assertThat(SensorTable.BUILT_IN.kindOf("uptime_ms")).contains(SensorKinds.UPTIME_MS);
        assertThat(SensorTable.BUILT_IN.kindOf("soil")).contains(SensorKinds.MEASUREMENT_ONLY);
    }

    @Test
    void kindOf_userEntries_comeBeforeTheTableAndAreExact() throws Exception {
        SensorTable table = SensorTable.parse("temp=temperature_f;Heap=-;soil=%,moisture");
        assertThat(table.kindOf("temp")).contains(SensorKinds.TEMPERATURE_F);
        assertThat(table.kindOf("Heap")).isEmpty();
        assertThat(table.kindOf("heap")).contains(SensorKinds.HEAP);
        assertThat(table.kindOf("soil").orElseThrow().unit()).isEqualTo("%");
    }

    @Test
    void parse_unitOnly_isAMeasurementWithoutClass() throws Exception {
        SensorKind kind = SensorTable.parse("flow=L/min").kindOf("flow").orElseThrow();
        assertThat(kind.unit()).isEqualTo("L/min");
        assertThat(kind.deviceClass()).isNull();
        assertThat(kind.stateClass()).isEqualTo("measurement");
    }
}
