package io.iotgw.piclient;

import com.pi4j.context.Context;
import io.iotgw.piclient.link.Backoff;
import io.iotgw.piclient.link.Gateway;
import io.iotgw.piclient.link.GatewayLink;
import io.iotgw.piclient.link.InterfacePicker;
import io.iotgw.piclient.link.LinkListener;
import io.iotgw.piclient.link.LinkSettings;
import io.iotgw.piclient.link.LinkThread;
import io.iotgw.piclient.link.Outbox;
import io.iotgw.piclient.link.SocketConnector;
import io.iotgw.piclient.telemetry.Telemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The service wired as the client wires it — outbox, service, link on its own thread — to a
 * gateway on loopback, on Pi4J's mock platform, with short backoffs; records every echo.
 */
public final class ServiceHarness implements AutoCloseable {

    public final List<String> echoed = new CopyOnWriteArrayList<>();
    public final Outbox outbox = new Outbox(100, GatewayLink.MAX_LINE_BYTES);
    public final ServiceMode service;
    public final GatewayLink link;
    private final LinkThread linkThread;

    public ServiceHarness(int port, String deviceId, Path systemRoot, Context pi4j) {
        service = new ServiceMode(outbox, new Telemetry(systemRoot));
        LinkListener recording = new LinkListener() {
            @Override
            public void onOnline(Gateway gateway, String via) {
                service.onOnline(gateway, via);
            }

            @Override
            public void onOffline(String why) {
                service.onOffline(why);
            }

            @Override
            public void onEcho(String line) {
                echoed.add(line);
                service.onEcho(line);
            }

            @Override
            public boolean onDownlink(String line) {
                return service.onDownlink(line);
            }
        };
        link = new GatewayLink(new LinkSettings(List.of(new Gateway("127.0.0.1", port)), deviceId, null,
                Duration.ofSeconds(5), Duration.ofSeconds(60)), new SocketConnector(Duration.ofSeconds(2), Optional.empty()),
                new InterfacePicker(new FakeInterfaces(), List.of()),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), b -> 0), System::nanoTime, outbox, recording);
        linkThread = new LinkThread(link, Duration.ofSeconds(5));
        service.attach(Optional.of(pi4j), 17, 27);
    }

    /** Starts the link and the telemetry (one line now, the next an hour later). */
    public void start() {
        linkThread.start();
        service.start(Duration.ofHours(1));
    }

    @Override
    public void close() {
        service.close();
        linkThread.close();
    }
}
