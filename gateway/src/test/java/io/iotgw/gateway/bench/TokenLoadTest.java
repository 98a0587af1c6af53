package io.iotgw.gateway.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenLoadTest {

    @Test
    void run_everyDeviceWithItsOwnToken_isProven() throws Exception {
        assertThat(TokenLoad.run(20)).startsWith("verifications=20 proven=20 threads=");
    }
}
