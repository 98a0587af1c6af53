package io.iotgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.iotgw.gateway.config.Setting;
import io.iotgw.gateway.config.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line in-process: exit codes and the one-line errors. */
class MainTest {

    private static final String NL = System.lineSeparator();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Main(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String outText() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_badValue_exits2WithOneLineAndNoStackTrace() {
        assertThat(run(Map.of(), "--idle-timeout", "forever")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).isEqualTo("iot-gateway: --idle-timeout must be a duration such as 30s, 5m, 1h or 500ms "
                + "(0 turns it off), got 'forever'" + NL);
    }

    @Test
    void run_badValueWithDebug_addsTheStackTrace() {
        assertThat(run(Map.of(), "--port", "x", "--debug")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).contains("got 'x'").contains("\tat ");
    }

    @Test
    void run_badEnvironmentValue_exits2NamingTheVariable() {
        assertThat(run(Map.of("IOTGW_PORT", "eighty"))).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).startsWith("iot-gateway: IOTGW_PORT must be a port number");
    }

    @Test
    void run_mistypedOption_exits2AskingWhetherTheNearOneWasMeant() {
        assertThat(run(Map.of(), "--prot", "1234")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).isEqualTo("iot-gateway: unknown option '--prot' (did you mean --port?)" + NL
                + "Try 'java -jar iot-gateway.jar --help' for more information." + NL);
    }

    @Test
    void run_mistypedOptionWithItsValue_namesTheOption() {
        assertThat(run(Map.of(), "--max-conections=500")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).startsWith("iot-gateway: unknown option '--max-conections' (did you mean --max-connections?)" + NL);
    }

    @Test
    void run_startOfSeveralOptions_suggestsEachOfThem() {
        assertThat(run(Map.of(), "--spool", "x")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).startsWith(
                "iot-gateway: unknown option '--spool' (did you mean --spool-dir, --spool-max-mb or --spool-fsync?)" + NL);
    }

    @Test
    void run_optionNothingResembles_isNamedWithoutASuggestion() {
        assertThat(run(Map.of(), "--quiet")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).isEqualTo("iot-gateway: unknown option '--quiet'" + NL
                + "Try 'java -jar iot-gateway.jar --help' for more information." + NL);
    }

    @Test
    void run_mistypedBenchOption_suggestsTheBenchsOwn() {
        assertThat(run(Map.of(), "bench", "--hots", "pi")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).isEqualTo("iot-gateway: unknown option '--hots' (did you mean --host?)" + NL
                + "Try 'java -jar iot-gateway.jar bench --help' for more information." + NL);
    }

    @Test
    void run_mistypedEnvironmentVariable_exits2AskingWhetherTheNearOneWasMeant() {
        assertThat(run(Map.of("IOTGW_PROT", "1"))).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).isEqualTo("iot-gateway: the environment has an unknown setting IOTGW_PROT "
                + "(did you mean IOTGW_PORT?)" + NL);
    }

    @Test
    void run_theTestsOwnSwitchesInTheEnvironment_areLeftAlone() {
        Map<String, String> env = Map.of("IOTGW_REQUIRE_ALL_TESTS", "1", "IOTGW_TEST_JAVA17", "/usr/bin/java",
                "IOTGW_PORT", "none");
        assertThat(run(env)).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).as("the first error is the bad port, not a test switch")
                .startsWith("iot-gateway: IOTGW_PORT must be a port number");
    }

    @Test
    void run_portInUse_exits2NamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run(Map.of(), "--bind", "127.0.0.1", "--port", String.valueOf(port))).isEqualTo(Main.EXIT_USAGE);
            assertThat(errText()).isEqualTo("iot-gateway: port " + port + " on 127.0.0.1 is already in use "
                    + "(is another gateway running?): choose another with --port" + NL);
        }
    }

    @Test
    void run_bindToAForeignAddress_exits2NamingTheAddress() {
        assertThat(run(Map.of(), "--bind", "192.0.2.1", "--port", "0")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).startsWith("iot-gateway: bind 192.0.2.1 is not an address of this machine");
    }

    @Test
    void run_valueThatIsASubcommandName_isTakenAsTheValue() {
        assertThat(run(Map.of(), "--gateway-id", "bench", "--mqtt", "tcp://h:1883", "--port", "70000"))
                .isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).startsWith("iot-gateway: --port must be");
    }

    @Test
    void run_help_exits0_listingTheOptionsByGroup_withExamples() {
        assertThat(run(Map.of(), "--help")).isEqualTo(Main.EXIT_OK);
        String help = outText();
        assertThat(help).startsWith("Usage: iot-gateway [OPTIONS]" + NL + "       iot-gateway bench [OPTIONS]" + NL);
        assertThat(help).containsSubsequence(NL + "Network:" + NL, NL + "Limits:" + NL,
                NL + "MQTT bridge (on with --mqtt):" + NL, NL + "Spool (the bridge's lines until the broker has them):" + NL,
                NL + "Logging:" + NL, NL + "Configuration and help:" + NL, NL + "Commands:" + NL, NL + "Examples:" + NL);
        for (Setting<?> setting : Settings.ALL) {
            String section = help.substring(help.indexOf(NL + setting.group().heading() + ":" + NL));
            section = section.substring(0, section.indexOf(NL + NL, 2));
            String form = setting.bareValue() == null ? "=" + setting.label() : "[=" + setting.label() + "]";
            assertThat(section).as("the %s section", setting.group()).contains("      " + setting.flag() + form);
        }
        assertThat(help).contains(NL + "Network:" + NL
                + "      --bind=ADDR            Address to listen on. Env IOTGW_BIND. Default:" + NL
                + "                               0.0.0.0." + NL
                + "      --port=PORT            TCP port to listen on (0 picks a free one); off:" + NL
                + "                               only the TLS port. Env IOTGW_PORT. Default:" + NL
                + "                               12345." + NL);
        assertThat(help).contains(NL + "Examples:" + NL
                + "  iot-gateway --port 4000 --max-connections 500 --idle-timeout 10m" + NL
                + "  iot-gateway --mqtt tcp://localhost:1883 --gateway-id pi-kitchen" + NL
                + "  iot-gateway --config /etc/iot-gateway/gateway.yaml --debug" + NL
                + "  IOTGW_MAX_LINE=1MiB iot-gateway" + NL
                + "  iot-gateway bench --connections 100 --duration-s 10" + NL);
        assertThat(errText()).isEmpty();
    }

    @Test
    void run_benchHelp_namesItsValuesInWords() {
        assertThat(run(Map.of(), "bench", "--help")).isEqualTo(Main.EXIT_OK);
        assertThat(outText()).startsWith("Usage: iot-gateway bench [OPTIONS]" + NL)
                .contains("  -c, --connections=N        Connections (N). Default: 100." + NL)
                .contains("      --warmup-s=SECONDS     Seconds of traffic before measuring. Default: 2." + NL)
                .contains(NL + "Examples:" + NL + "  iot-gateway bench --host 127.0.0.1 --port 12345 -c 100 -w 1 -s 64 -d 4" + NL)
                .doesNotContain("<", ">");
    }
}
