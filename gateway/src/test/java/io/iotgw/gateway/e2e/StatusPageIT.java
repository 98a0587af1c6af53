package io.iotgw.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: headless Chromium loads it from the packaged gateway with
 * devices connected and a broker, runs its script, and the test reads the DOM it rendered. Also
 * takes the screenshots the README shows (into target/).
 */
class StatusPageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Text an operator could put into a setting the page shows: it must stay text. */
    private static final String HOSTILE = "spool-<img src=x onerror=alert(1)>";

    @TempDir
    Path dir;

    @Test
    void page_showsTheDevicesAndTheBrokerState_asRenderedByABrowser() throws Exception {
        Tools.chromium();
        List<EchoClient> devices = new ArrayList<>();
        try (MosquittoProcess broker = MosquittoProcess.start(dir);
             GatewayProcess gateway = GatewayProcess.start(Requirements.currentJava(), Map.of(), "--port", "0",
                     "--bind", "127.0.0.1", "--http-port", "0", "--mqtt", broker.uri(), "--gateway-id", "pi-kitchen",
                     "--spool-dir", dir.resolve(HOSTILE).toString())) {
            ObserveHttp http = ObserveHttp.of(gateway);
            for (String id : List.of("esp32-01", "esp32-02", "pi-garage")) {
                EchoClient device = new EchoClient(gateway.port());
                devices.add(device);
                device.roundTrip("HELLO " + id + "\n");
                device.roundTrip("temp=21.5\n");
            }
            await().atMost(WAIT).until(() -> http.sample("iotgw_published_lines_total") == 3
                    && http.sample("iotgw_broker_connected") == 1);

            Tools.Run browser = Tools.chromium(http.url("/"), 5_000, "--dump-dom");
            assertThat(browser.exitCode()).as(browser.stderr()).isZero();
            String dom = browser.stdout();
            assertThat(rows(dom)).containsExactly("esp32-01", "esp32-02", "pi-garage");
            assertThat(dom).contains("<p id=\"broker-state\" class=\"state ok\">connected</p>")
                    .contains("<span id=\"health-text\">ok: serving devices; broker connected</span>")
                    .contains(">3 connected<")
                    .contains(">pi-kitchen<");
            assertThat(dom).as("a setting's markup is shown as text, never run")
                    .contains("spool-&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");

            Path target = Path.of("target");
            Files.createDirectories(target);
            for (String[] shot : new String[][] {{"status-page.png", "1280,1100"}, {"status-page-phone.png", "390,1700"}}) {
                Path file = target.resolve(shot[0]).toAbsolutePath();
                Files.deleteIfExists(file);
                Tools.Run s = Tools.chromium(http.url("/"), 5_000, "--screenshot=" + file, "--window-size=" + shot[1]);
                assertThat(s.exitCode()).as(s.stderr()).isZero();
                assertThat(Files.size(file)).as(shot[0]).isGreaterThan(10_000);
            }
        } finally {
            for (EchoClient d : devices) {
                d.close();
            }
        }
    }

    /** The device ids of the table's rows, in the page's order. */
    private static List<String> rows(String dom) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr[^>]* data-device=\"([^\"]*)\"").matcher(dom);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
