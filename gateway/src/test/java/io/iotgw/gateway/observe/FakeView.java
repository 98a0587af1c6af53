package io.iotgw.gateway.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** A gateway view whose parts a test sets; each field is read as the real view reads its counters. */
final class FakeView implements GatewayView {

    About about = new About("1.2.3", Optional.of("gw-test"), 1_000_000L, Map.of("port", "12345", "max-line", "64KiB"));
    Traffic traffic = new Traffic(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    List<Device> devices = new ArrayList<>();
    Optional<Broker> broker = Optional.empty();
    Optional<SpoolStatus> spool = Optional.empty();
    boolean serving = true;

    static Device device(String id, boolean hello, long linesIn, long lastLineMillis) {
        return new Device(id, hello, "192.168.1.20:53122", 1_000_000L, linesIn, 0, linesIn * 10, linesIn * 10,
                lastLineMillis, false, false);
    }

    FakeView withBridge(boolean connected, long backlog, OptionalLong oldestMillis) {
        broker = Optional.of(new Broker(List.of("tcp://a:1883", "tcp://b:1883"),
                connected ? Optional.of("tcp://a:1883") : Optional.empty(), connected ? 1_500_000L : 0, 2, 40, 3, 1));
        spool = Optional.of(new SpoolStatus(4096, 64L << 20, backlog, oldestMillis, 5));
        return this;
    }

    @Override
    public About about() {
        return about;
    }

    @Override
    public Traffic traffic() {
        return traffic;
    }

    @Override
    public List<Device> devices() {
        return List.copyOf(devices);
    }

    @Override
    public Optional<Broker> broker() {
        return broker;
    }

    @Override
    public Optional<SpoolStatus> spool() {
        return spool;
    }

    @Override
    public boolean serving() {
        return serving;
    }
}
