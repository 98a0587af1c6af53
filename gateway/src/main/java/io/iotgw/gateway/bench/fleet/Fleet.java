package io.iotgw.gateway.bench.fleet;

import io.iotgw.gateway.Transport;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * N virtual devices in one process, spread over a few Netty event loops (epoll where available):
 * each device, its connections and its timers live on one loop.
 */
final class Fleet implements AutoCloseable {

    private final MultiThreadIoEventLoopGroup group;
    private final NettyNetwork network;
    private final List<VirtualDevice> devices = new ArrayList<>();
    private final FleetStats stats;

    /** @param resolved the gateways' addresses, resolved already */
    Fleet(FleetConfig config, List<InetSocketAddress> resolved, int threads, Transport transport, long seed) {
        Transport t = transport.resolve();
        group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("fleet"), t.ioHandlerFactory());
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        network = new NettyNetwork(resolved, t, config.connectTimeout(), loops.toArray(new EventLoop[0]));
        stats = new FleetStats(config.devices(), config.gateways().size(), System::nanoTime);
        SplittableRandom seeds = new SplittableRandom(seed);
        for (int i = 1; i <= config.devices(); i++) {
            devices.add(new VirtualDevice(i, config, stats, network, seeds.nextLong()));
        }
    }

    FleetStats stats() {
        return stats;
    }

    void start() {
        for (VirtualDevice d : devices) {
            network.loopOf(d).execute(d::start);
        }
    }

    /** Stops every device on its loop and waits until they all have. */
    void stopDevices() {
        for (VirtualDevice d : devices) {
            network.loopOf(d).execute(d::stop);
        }
        for (EventExecutor loop : group) {
            loop.submit(() -> { }).syncUninterruptibly();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
