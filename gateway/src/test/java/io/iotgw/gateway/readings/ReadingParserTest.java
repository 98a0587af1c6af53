package io.iotgw.gateway.readings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReadingParserTest {

    private static final JsonFactory JSON = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ReadingParser parser = new ReadingParser();
    private String written;

    /** The fields a line gives, or null when it gives none; {@link #written} keeps the raw JSON. */
    private JsonNode fields(byte[] line) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean wrote;
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            wrote = parser.writeFields(line, json);
            json.writeEndObject();
        }
        written = out.toString(StandardCharsets.UTF_8);
        JsonNode root = mapper.readTree(written);
        assertThat(root.has("fields")).as("reported as written").isEqualTo(wrote);
        return root.get("fields");
    }

    private JsonNode fields(String line) throws IOException {
        return fields(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writeFields_firmwareReading_givesEveryValueAsANumber() throws Exception {
        JsonNode f = fields("n=7 uptime_ms=61000 heap=201344 rssi=-61 sensor=1893 dropped=0");
        assertThat(written).endsWith("\"fields\":{\"n\":7,\"uptime_ms\":61000,\"heap\":201344,\"rssi\":-61,"
                + "\"sensor\":1893,\"dropped\":0}}");
        assertThat(f.get("rssi").isNumber()).isTrue();
        assertThat(parser.numericKeys()).containsExactly("n", "uptime_ms", "heap", "rssi", "sensor", "dropped");
    }

    @Test
    void writeFields_piClientTelemetry_keepsTheLinkAsText() throws Exception {
        JsonNode f = fields("cpu_temp_c=48.7 load1=0.12 uptime_s=86400 link=eth0");
        assertThat(f.get("cpu_temp_c").decimalValue()).isEqualByComparingTo("48.7");
        assertThat(f.get("link").asText()).isEqualTo("eth0");
        assertThat(parser.numericKeys()).containsExactly("cpu_temp_c", "load1", "uptime_s");
    }

    @Test
    void writeFields_valueTheMachineDoesNotOffer_isText() throws Exception {
        JsonNode f = fields("cpu_temp_c=na load1=0.12");
        assertThat(f.get("cpu_temp_c").isTextual()).isTrue();
        assertThat(parser.numericKeys()).containsExactly("load1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "0|0", "-0|-0", "21.5|21.5", "-61|-61", "2.50|2.50", "1e3|1e3", "1E3|1E3", "1.5e-3|1.5e-3", "-2E+10|-2E+10",
            "1e308|1e308", "18446744073709551615|18446744073709551615",
            "12345678901234567890123456789012|12345678901234567890123456789012"})
    void writeFields_jsonNumber_isWrittenExactlyAsSent(String value, String expected) throws Exception {
        JsonNode f = fields("v=" + value);
        assertThat(f.get("v").isNumber()).isTrue();
        assertThat(written).endsWith("{\"v\":" + expected + "}}");
        assertThat(parser.numericKeys()).containsExactly("v");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"+1", "007", "00", "-01", "0x1F", ".5", "5.", "-.5", "1,5", "1e", "1e+", "e3", "-", "--1",
            "NaN", "nan", "inf", "-inf", "Infinity", "1e999", "-1e400", "1_000", "1.2.3", "½", "true", "null",
            "123456789012345678901234567890123"})
    void writeFields_anythingElse_isText(String value) throws Exception {
        JsonNode f = fields("v=" + value);
        assertThat(f.get("v").isTextual()).isTrue();
        assertThat(f.get("v").asText()).isEqualTo(value);
        assertThat(parser.numericKeys()).isEmpty();
    }

    @Test
    void writeFields_emptyValue_isTheEmptyString() throws Exception {
        JsonNode f = fields("temp= rssi=-61");
        assertThat(f.get("temp").asText()).isEmpty();
        assertThat(parser.numericKeys()).containsExactly("rssi");
    }

    @Test
    void writeFields_equalsSignInAValue_splitsAtTheFirst() throws Exception {
        JsonNode f = fields("url=http://h/?a=b&c=d eq== expr=a=b=c");
        assertThat(f.get("url").asText()).isEqualTo("http://h/?a=b&c=d");
        assertThat(f.get("eq").asText()).isEqualTo("=");
        assertThat(f.get("expr").asText()).isEqualTo("a=b=c");
    }

    @Test
    void writeFields_blanksAnywhereBetweenPairs_areSeparators() throws Exception {
        JsonNode f = fields("  \ta=1    b=x\t\tc=2.5   ");
        assertThat(f.fieldNames()).toIterable().containsExactly("a", "b", "c");
        assertThat(f.get("b").asText()).isEqualTo("x");
    }

    @Test
    void writeFields_keysAreCaseSensitiveAndTakeDotsAndDashes() throws Exception {
        JsonNode f = fields("a=1 A=2 bme280.temp=21 x-y_z=3 9=4");
        assertThat(f.fieldNames()).toIterable().containsExactly("a", "A", "bme280.temp", "x-y_z", "9");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", " \t ", "hello world", "button pressed=3", "a=1 b", "a=1 b c=2", "=5", "a=1 =2",
            "a=1 a=2", "a=1 b=2 a=1", "temp°=1", "a/b=1", "a\"b=1", "a:b=1", "a+b=1", "[1,2]", "42", "ack led on",
            "HELLO esp32-01", "a=1\u00a0b=2 c"})
    void writeFields_lineThatIsNoReading_writesNothing(String line) throws Exception {
        assertThat(fields(line)).isNull();
        assertThat(written).isEqualTo("{}");
        assertThat(parser.numericKeys()).isEmpty();
    }

    @Test
    void writeFields_keyOf64Characters_isTheLongestTaken() throws Exception {
        String longest = "k".repeat(Keys.MAX_LENGTH);
        assertThat(fields(longest + "=1").has(longest)).isTrue();
        assertThat(fields(longest + "k=1")).isNull();
    }

    @Test
    void writeFields_afterALineThatIsNoReading_reportsNoNumericKeysOfTheLineBefore() throws Exception {
        fields("a=1 b=2");
        fields("a=1 b");
        assertThat(parser.numericKeys()).isEmpty();
    }

    @Test
    void writeFields_sameKeysOnTheNextLine_reportsTheSameStrings() throws Exception {
        fields("temp=21.5 rssi=-61");
        String first = parser.numericKeys().get(0);
        fields("temp=21.6 rssi=-60");
        assertThat(parser.numericKeys().get(0)).isSameAs(first);
    }

    @Test
    void writeFields_lineOf64KiBOfPairs_givesEveryPair() throws Exception {
        StringBuilder line = new StringBuilder();
        int pairs = 0;
        while (line.length() < 64 * 1024 - 16) {
            line.append("key").append(pairs).append('=').append(pairs).append(' ');
            pairs++;
        }
        JsonNode f = fields(line.toString());
        assertThat(f.size()).isEqualTo(pairs);
        assertThat(f.get("key" + (pairs - 1)).asInt()).isEqualTo(pairs - 1);
        assertThat(parser.numericKeys()).hasSize(pairs);
    }

    @Test
    void writeFields_oneValueOf64KiB_isTextWholeAndTooLongForANumber() throws Exception {
        String text = "x".repeat(64 * 1024 - 2);
        assertThat(fields("t=" + text).get("t").asText()).isEqualTo(text);
        String digits = "1".repeat(64 * 1024 - 2);
        assertThat(fields("d=" + digits).get("d").asText()).isEqualTo(digits);
    }

    @Test
    void writeFields_sameKeyFarApartIn64KiB_isStillFound() throws Exception {
        StringBuilder line = new StringBuilder("dup=1");
        for (int i = 0; line.length() < 64 * 1024 - 8; i++) {
            line.append(" k").append(i).append("=x");
        }
        assertThat(fields(line.append(" dup=2").toString())).isNull();
    }

    @Test
    void writeFields_utf8Text_isKept() throws Exception {
        assertThat(fields("room=Küche unit=°C").get("room").asText()).isEqualTo("Küche");
    }

    @Test
    void writeFields_invalidUtf8_givesNoFields() throws Exception {
        assertThat(fields(new byte[] {'a', '=', (byte) 0xff})).isNull();
        assertThat(fields(new byte[] {'a', '=', (byte) 0xc0, (byte) 0xaf})).as("overlong '/'").isNull();
        assertThat(fields(new byte[] {'a', '=', (byte) 0xed, (byte) 0xa0, (byte) 0x80})).as("a surrogate").isNull();
        assertThat(fields(new byte[] {'a', '=', (byte) 0xe2, (byte) 0x82})).as("truncated").isNull();
        assertThat(fields(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'})).as("in JSON").isNull();
    }

    @Test
    void writeFields_hostileText_isEscapedNotInjected() throws Exception {
        JsonNode f = fields("q=\"},\"x\":1,{\" b=back\\slash c=bell\u0007del\u007f r=cr\rlf");
        assertThat(f.fieldNames()).toIterable().containsExactly("q", "b", "c", "r");
        assertThat(f.get("q").asText()).isEqualTo("\"},\"x\":1,{\"");
        assertThat(f.get("b").asText()).isEqualTo("back\\slash");
        assertThat(f.get("c").asText()).isEqualTo("bell\u0007del\u007f");
        assertThat(f.get("r").asText()).isEqualTo("cr\rlf");
    }

    @Test
    void writeFields_jsonObject_takesNumbersStringsAndBooleans() throws Exception {
        JsonNode f = fields("{\"temp\":21.50,\"rssi\":-61,\"name\":\"kitchen\",\"ok\":true,\"off\":false,\"none\":null,"
                + "\"nested\":{\"a\":1},\"list\":[1,2],\"bad key\":3,\"big\":1e999,\"s\":\"a\\\"b\\\\c\\u00e9\"}");
        assertThat(f.fieldNames()).toIterable().containsExactly("temp", "rssi", "name", "ok", "off", "big", "s");
        assertThat(written).contains("\"temp\":21.50,");
        assertThat(f.get("ok").asText()).isEqualTo("true");
        assertThat(f.get("off").asText()).isEqualTo("false");
        assertThat(f.get("big").asText()).isEqualTo("1e999");
        assertThat(f.get("s").asText()).isEqualTo("a\"b\\cé");
        assertThat(parser.numericKeys()).containsExactly("temp", "rssi");
    }

    @Test
    void writeFields_jsonObjectWithBlanksAround_isAReading() throws Exception {
        assertThat(fields("  {\"a\":1}\t ").get("a").asInt()).isEqualTo(1);
    }

    @Test
    void writeFields_emptyJsonObject_givesEmptyFields() throws Exception {
        assertThat(fields("{}").size()).isZero();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{\"a\":1", "{\"a\":1} x", "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}", "{\"a\":01}",
            "{\"a\":NaN}", "{'a':1}", "{a:1}", "{\"a\":1,}", "{\"a\":1} {", "{ not json", "{\"x\":1,\"x\":{}}"})
    void writeFields_jsonThatIsNotOneValidObject_writesNothing(String line) throws Exception {
        assertThat(fields(line)).isNull();
        assertThat(parser.numericKeys()).isEmpty();
    }

    @Test
    void writeFields_deeplyNestedJson_doesNotFail() throws Exception {
        String deep = "{\"a\":" + "[".repeat(30_000) + "]".repeat(30_000) + ",\"b\":1}";
        JsonNode f = fields(deep);
        assertThat(f == null || !f.has("a")).isTrue();
    }

    @Test
    void writeFields_randomBytes_neverFailAndAlwaysWriteValidJson() throws Exception {
        byte[] alphabet = "ab=0123456789.-+eE \t{}[]\":,\\nul\u0001".getBytes(StandardCharsets.UTF_8);
        Random random = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] line = new byte[random.nextInt(40)];
            for (int i = 0; i < line.length; i++) {
                line[i] = random.nextInt(20) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
            }
            JsonNode f = fields(line); // throws if the output is not JSON
            if (f != null) {
                for (Iterator<String> keys = f.fieldNames(); keys.hasNext(); ) {
                    assertThat(Keys.isValid(keys.next())).isTrue();
                }
            }
        }
    }
}
