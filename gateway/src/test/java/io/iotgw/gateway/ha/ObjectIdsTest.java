package io.iotgw.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectIdsTest {

    @Test
    void of_plainParts_joinsThemReadably() {
        assertThat(ObjectIds.of("pi-kitchen")).isEqualTo("pi-kitchen");
        assertThat(ObjectIds.of("esp32-01", "temp")).isEqualTo("esp32-01_temp");
        assertThat(ObjectIds.of("esp32-01", "cpu_temp_c")).as("an _ in the last part is no ambiguity")
                .isEqualTo("esp32-01_cpu_temp_c");
    }

    @Test
    void of_dotOrAmbiguousUnderscore_getsAHashSuffix() {
        assertThat(ObjectIds.of("bme.1", "temp")).matches("bme_1_temp_[0-9a-f]{8}");
        assertThat(ObjectIds.of("pi.kitchen")).matches("pi_kitchen_[0-9a-f]{8}");
        assertThat(ObjectIds.of("a_b", "c")).matches("a_b_c_[0-9a-f]{8}").isNotEqualTo(ObjectIds.of("a", "b_c"));
    }

    @Test
    void of_plainIdThatLooksHashed_isHashedToo() {
        String hashed = ObjectIds.of("a.b", "c"); // a_b_c_ and eight hex digits
        String lookalikeKey = hashed.substring("a_".length()); // b_c_ and the same eight digits
        assertThat(ObjectIds.of("a", lookalikeKey)).isNotEqualTo(hashed).startsWith(hashed + "_");
    }

    @Test
    void of_everyPairOfShortIds_isDistinctAndTakenByHomeAssistant() {
        List<String> ids = new java.util.ArrayList<>();
        String alphabet = "a_.-";
        for (int length = 1; length <= 3; length++) {
            int combinations = (int) Math.pow(alphabet.length(), length);
            for (int n = 0; n < combinations; n++) {
                StringBuilder id = new StringBuilder();
                for (int i = 0, rest = n; i < length; i++, rest /= alphabet.length()) {
                    id.append(alphabet.charAt(rest % alphabet.length()));
                }
                ids.add(id.toString());
            }
        }
        Map<String, String> seen = new HashMap<>();
        for (String device : ids) {
            for (String key : ids) {
                String objectId = ObjectIds.of(device, key);
                assertThat(objectId).matches("[a-zA-Z0-9_-]+");
                String before = seen.put(objectId, device + " " + key);
                assertThat(before).as(objectId).isNull();
            }
        }
    }
}
