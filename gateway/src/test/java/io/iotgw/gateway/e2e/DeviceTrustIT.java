package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.iotgw.gateway.auth.CredentialsFile;
import io.iotgw.gateway.auth.TokenHash;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device on a LAN with someone else on it, end to end: the packaged gateway with credentials, a
 * real Mosquitto, the real device and its attackers on real sockets (the attackers from another
 * loopback address, as another machine would be).
 */
class DeviceTrustIT {

    private static final Path JAVA = Requirements.currentJava();
    private static final String GW = "gw-trust";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String PUMP_TOKEN = "pump-token-Zq81";
    private static final String VALVE_TOKEN = "valve-token-Kd27";
    private static final InetAddress ATTACKER = address("127.0.0.66");

    @TempDir
    Path dir;

    private MosquittoProcess broker;
    private MqttSubscriber mqtt;
    private GatewayProcess gateway;
    private final List<AutoCloseable> closeLast = new ArrayList<>();

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        broker = MosquittoProcess.start(dir);
        mqtt = new MqttSubscriber(broker.uri(), "iotgw/" + GW + "/#");
        Path credentials = dir.resolve("devices");
        SecureRandom random = new SecureRandom();
        CredentialsFile.add(credentials, "pump-1", TokenHash.of(PUMP_TOKEN, random), false);
        CredentialsFile.add(credentials, "valve-2", TokenHash.of(VALVE_TOKEN, random), false);
        gateway = GatewayProcess.start(JAVA, Map.of(), "--port", "0", "--mqtt", broker.uri(), "--gateway-id", GW,
                "--spool-dir", dir.resolve("spool").toString(), "--auth", "required", "--credentials",
                credentials.toString());
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains("broker connected")));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        gateway.close();
        mqtt.close();
        broker.close();
    }

    private EchoClient connect(InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()), EchoClient.TIMEOUT_MS);
        EchoClient client = new EchoClient(socket);
        closeLast.add(0, client);
        return client;
    }

    private EchoClient realPump() throws Exception {
        EchoClient pump = connect(InetAddress.getLoopbackAddress());
        assertThat(pump.roundTrip("HELLO pump-1 " + PUMP_TOKEN + "\n")).isEqualTo("HELLO pump-1 " + PUMP_TOKEN + "\n");
        assertThat(pump.roundTrip("n=1\n")).isEqualTo("n=1\n");
        await().atMost(WAIT).until(() -> payloads("pump-1").contains("n=1"));
        return pump;
    }

    private List<String> payloads(String device) {
        return mqtt.on("iotgw/" + GW + "/" + device + "/up").stream().map(m -> m.json().path("payload").asText()).toList();
    }

    /** An attacker's attempt: it sends its HELLO and a line, and the gateway closes it without an echo. */
    private void refused(String hello) throws Exception {
        EchoClient attacker = connect(ATTACKER);
        attacker.send(hello + "\nfake=99\n");
        assertThat(attacker.closedByGateway()).as("%s is closed without an echo", hello.replaceAll(" \\S+$", " <token>"))
                .isTrue();
    }

    @Test
    void hijackAttempts_neverCloseOrImpersonateTheRealDevice_norGetItsDownlinks() throws Exception {
        EchoClient pump = realPump();

        refused("HELLO pump-1");                       // no token
        refused("HELLO pump-1 wrong-guess");           // a wrong token
        refused("HELLO pump-1 " + VALVE_TOKEN);        // another device's token
        refused("HELLO nobody-9 " + PUMP_TOKEN);       // an id nobody listed
        refused("fake=99");                            // no HELLO at all
        long until = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        int replays = 0;
        while (System.nanoTime() < until) {            // HELLO replayed, as the probe of main did
            refused("HELLO pump-1");
            replays++;
            Thread.sleep(200);
        }

        assertThat(pump.roundTrip("n=2\n")).as("the real device never lost its connection").isEqualTo("n=2\n");
        mqtt.publish("iotgw/" + GW + "/pump-1/down", "open valve");
        assertThat(pump.readText("open valve\n".length())).isEqualTo("open valve\n");
        await().atMost(WAIT).until(() -> payloads("pump-1").contains("n=2"));
        assertThat(payloads("pump-1")).containsExactly("n=1", "n=2");
        assertThat(mqtt.messages()).noneMatch(m -> m.payload().contains("fake=99"));
        assertThat(mqtt.on("iotgw/" + GW + "/pump-1/status")).noneMatch(m -> m.payload().contains("offline"));
        assertThat(gateway.output()).noneMatch(l -> l.contains("reconnected from"))
                .noneMatch(l -> l.contains(PUMP_TOKEN) || l.contains(VALVE_TOKEN) || l.contains("wrong-guess"))
                .anyMatch(l -> l.contains("device pump-1 from 127.0.0.66 refused"));
        assertThat(replays).isGreaterThan(5);
    }

    @Test
    void wrongTokens_fromOneAddress_getItClosedOnArrival_whileTheRealDeviceGoesOn() throws Exception {
        for (int i = 0; i < 5; i++) {
            refused("HELLO pump-1 guess-" + i);
        }
        await().atMost(WAIT).until(() -> gateway.output().stream().anyMatch(l -> l.contains(
                "address 127.0.0.66 failed to prove a device id 5 times")));
        EchoClient blocked = connect(ATTACKER);
        blocked.send("HELLO pump-1 " + PUMP_TOKEN + "\n");
        assertThat(blocked.closedByGateway()).as("blocked before any hashing, even with the right token").isTrue();

        EchoClient pump = realPump();
        assertThat(pump.roundTrip("n=2\n")).isEqualTo("n=2\n");
    }

    @Test
    void theRealDevice_reconnecting_replacesItsOwnOlderConnection() throws Exception {
        EchoClient first = realPump();
        EchoClient second = connect(InetAddress.getLoopbackAddress());
        assertThat(second.roundTrip("HELLO pump-1 " + PUMP_TOKEN + "\n")).startsWith("HELLO pump-1");
        assertThat(first.closedByGateway()).isTrue();
        assertThat(second.roundTrip("n=3\n")).isEqualTo("n=3\n");
        await().atMost(WAIT).until(() -> payloads("pump-1").contains("n=3"));
    }
}
