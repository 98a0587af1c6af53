package io.iotgw.gateway.ha;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.iotgw.gateway.e2e.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The templates of the discovery configs, rendered by Jinja2 as Home Assistant renders them
 * ({@code render_templates.py}): each gives the value Home Assistant should take, and never a
 * template warning or error, whatever the line.
 */
class ValueTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path python;
    private static Path script;

    @BeforeAll
    static void jinja(@TempDir Path dir) throws Exception {
        python = Requirements.python3();
        Process probe = new ProcessBuilder(python.toString(), "-c", "import jinja2").redirectErrorStream(true).start();
        Requirements.require(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0, "Python's jinja2",
                "apt-get install python3-jinja2");
        script = dir.resolve("render_templates.py");
        try (InputStream in = ValueTemplatesTest.class.getResourceAsStream("/ha/render_templates.py")) {
            Files.copy(in, script);
        }
    }

    /** What each (template, payload) renders to, with what Home Assistant would have logged. */
    private static JsonNode render(String... templateAndPayload) throws IOException, InterruptedException {
        ArrayNode cases = JSON.createArrayNode();
        for (int i = 0; i < templateAndPayload.length; i += 2) {
            cases.addObject().put("template", templateAndPayload[i]).put("payload", templateAndPayload[i + 1]);
        }
        Process p = new ProcessBuilder(python.toString(), script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            JSON.writeValue(in, cases);
        }
        JsonNode results = JSON.readTree(p.getInputStream());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return results;
    }

    private static void assertRendered(JsonNode result, String expected) {
        assertThat(result.get("problems")).as("what Home Assistant would log").isEmpty();
        assertThat(result.get("result").asText()).isEqualTo(expected);
    }

    @Test
    void valueTemplate_lineWithTheField_givesItsNumber() throws Exception {
        String t = ConfigPayloads.valueTemplate("temp");
        JsonNode r = render(t, "{\"device\":\"esp32-01\",\"payload\":\"temp=21.5\",\"fields\":{\"temp\":21.5}}",
                t, "{\"fields\":{\"temp\":-3,\"rssi\":-61}}", t, "{\"fields\":{\"temp\":1e3}}");
        assertRendered(r.get(0), "21.5");
        assertRendered(r.get(1), "-3");
        assertRendered(r.get(2), "1000.0");
    }

    @Test
    void valueTemplate_keysThatAreNoNames_stillWork() throws Exception {
        JsonNode r = render(ConfigPayloads.valueTemplate("bme280.temp-1"), "{\"fields\":{\"bme280.temp-1\":20}}",
                ConfigPayloads.valueTemplate("1"), "{\"fields\":{\"1\":7}}");
        assertRendered(r.get(0), "20");
        assertRendered(r.get(1), "7");
    }

    /** Empty: the state a sensor with a state class ignores (sensor.py), so it keeps its value. */
    @Test
    void valueTemplate_lineWithoutTheFieldOrNumber_givesEmptyAndLogsNothing() throws Exception {
        String t = ConfigPayloads.valueTemplate("temp");
        JsonNode r = render(t, "{\"fields\":{\"rssi\":-61}}", t, "{\"payload\":\"boot ok\"}", t,
                "{\"fields\":{\"temp\":\"na\"}}", t, "{\"fields\":\"garbage\"}", t, "", t, "not json", t, "[1,2]",
                t, "{\"fields\":{\"temp\":null}}");
        for (JsonNode result : r) {
            assertRendered(result, "");
        }
    }

    @Test
    void stateTemplate_statusPayloads_giveOnlineOrOffline() throws Exception {
        String t = ConfigPayloads.STATE_TEMPLATE;
        JsonNode r = render(t, "{\"state\":\"online\",\"ts\":\"2026-11-23T10:15:30.123Z\",\"remote\":\"10.0.0.2:4000\"}",
                t, "{\"state\":\"offline\"}", t, "", t, "{}", t, "garbage", t, "42");
        assertRendered(r.get(0), "online");
        assertRendered(r.get(1), "offline");
        for (int i = 2; i < r.size(); i++) {
            assertRendered(r.get(i), "offline");
        }
    }

    @Test
    void render_naiveTemplate_isCaughtLoggingAsHomeAssistantWould() throws Exception {
        JsonNode r = render("{{ value_json.fields.temp }}", "{\"payload\":\"boot ok\"}");
        assertThat(r.get(0).get("problems")).isNotEmpty();
    }
}
