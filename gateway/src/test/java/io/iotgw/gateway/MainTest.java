package io.iotgw.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The command line in-process: exit codes and the one-line errors. */
class MainTest {

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Main(env, new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_badValue_exits2WithOneLineAndNoStackTrace() {
        assertThat(run(Map.of(), "--idle-timeout", "forever")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).isEqualTo("iot-gateway: --idle-timeout must be a duration such as 30s, 5m, 1h or 500ms "
                + "(0 turns it off), got 'forever'" + System.lineSeparator());
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
    void run_unknownOption_exits2AndPointsToHelp() {
        assertThat(run(Map.of(), "--prot", "1")).isEqualTo(Main.EXIT_USAGE);
        assertThat(errText()).contains("Unknown option").contains("--prot").contains("Try 'java -jar iot-gateway.jar --help'");
    }

    @Test
    void run_portInUse_exits2NamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(run(Map.of(), "--bind", "127.0.0.1", "--port", String.valueOf(port))).isEqualTo(Main.EXIT_USAGE);
            assertThat(errText()).isEqualTo("iot-gateway: port " + port + " on 127.0.0.1 is already in use "
                    + "(is another gateway running?): choose another with --port" + System.lineSeparator());
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
    void run_help_exits0() {
        assertThat(run(Map.of(), "--help")).isEqualTo(Main.EXIT_OK);
    }
}
