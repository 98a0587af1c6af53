package io.iotgw.gateway.bench.fleet;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Gateways and time a test scripts: connects succeed or fail by the gateway's state, an echoing
 * gateway echoes each line a millisecond later, a killed one closes every connection; time moves
 * only when the test advances it, running what fell due in order. Single-threaded, as a loop is.
 */
final class ScriptedNetwork implements DeviceNetwork {

    enum Gateway { ECHOING, SILENT, DOWN }

    final Gateway[] gateways;
    final List<ScriptedLink> links = new ArrayList<>();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long sequence;

    private record Task(long at, long sequence, Runnable run) implements Comparable<Task> {
        @Override
        public int compareTo(Task o) {
            return at != o.at ? Long.compare(at, o.at) : Long.compare(sequence, o.sequence);
        }
    }

    /** One connection: its gateway and whether it is open. */
    final class ScriptedLink implements Link {
        final VirtualDevice device;
        final int gateway;
        boolean open;
        boolean closed;
        final List<String> written = new ArrayList<>();

        ScriptedLink(VirtualDevice device, int gateway) {
            this.device = device;
            this.gateway = gateway;
        }

        @Override
        public void write(String line) {
            if (!open) {
                return;
            }
            written.add(line);
            if (gateways[gateway] == Gateway.ECHOING) {
                after(1, () -> {
                    if (open) {
                        device.line(this, line);
                    }
                });
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            boolean wasOpen = open;
            open = false;
            after(0, () -> {
                if (wasOpen) {
                    device.closed(this);
                } else {
                    device.connectFailed(this);
                }
            });
        }
    }

    ScriptedNetwork(Gateway... gateways) {
        this.gateways = gateways;
    }

    @Override
    public Link connect(VirtualDevice device, int gateway) {
        ScriptedLink link = new ScriptedLink(device, gateway);
        links.add(link);
        after(0, () -> {
            if (link.closed) {
                return;
            }
            if (gateways[gateway] == Gateway.DOWN) {
                link.closed = true;
                device.connectFailed(link);
            } else {
                link.open = true;
                device.connected(link);
            }
        });
        return link;
    }

    /** The gateway dies: every connection to it closes, and it refuses new ones. */
    void kill(int gateway) {
        gateways[gateway] = Gateway.DOWN;
        for (ScriptedLink link : links) {
            if (link.gateway == gateway && link.open) {
                link.open = false;
                link.closed = true;
                after(0, () -> link.device.closed(link));
            }
        }
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void schedule(VirtualDevice device, Runnable task, long delayNanos) {
        tasks.add(new Task(now + delayNanos, sequence++, task));
    }

    private void after(long millis, Runnable task) {
        tasks.add(new Task(now + millis * 1_000_000, sequence++, task));
    }

    /** Moves time on by {@code millis}, running every task due meanwhile, in order. */
    void advance(long millis) {
        long until = now + millis * 1_000_000;
        while (!tasks.isEmpty() && tasks.peek().at() <= until) {
            Task t = tasks.poll();
            now = Math.max(now, t.at());
            t.run().run();
        }
        now = until;
    }

    long connectsTo(int gateway) {
        return links.stream().filter(l -> l.gateway == gateway).count();
    }
}
