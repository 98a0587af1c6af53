package io.iotgw.gateway.echo;

import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.config.Values;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP side of the gateway: binds, serves devices on Netty event loops, and shuts down gracefully. */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
    /** Echo held for a client that does not read: past the high mark it stops being read. */
    static final WriteBufferWaterMark ECHO_WATER_MARK = new WriteBufferWaterMark(32 * 1024, 128 * 1024);
    private static final int SHUTDOWN_TIMEOUT_MS = 3_000;

    private final GatewayConfig config;
    private final Transport transport;
    private final GatewayStats stats = new GatewayStats();
    private final DeviceRegistry registry;
    private final DeviceListener listener;
    private final ConnectionLimiter limiter;
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private Channel serverChannel;

    /** A plain echo gateway, with no consumer of messages. */
    public GatewayServer(GatewayConfig config) {
        this(config, new DeviceRegistry(), null);
    }

    /**
     * @param registry the connected devices, shared with whoever sends them downlinks
     * @param listener the consumer of device messages, or null
     */
    public GatewayServer(GatewayConfig config, DeviceRegistry registry, DeviceListener listener) {
        this.config = config;
        this.registry = registry;
        this.listener = listener;
        this.transport = config.transport().resolve();
        this.limiter = new ConnectionLimiter(config.maxConnections(), stats, System::nanoTime);
    }

    /** Binds and starts serving; returns the address bound (with the real port when 0 was asked). */
    public InetSocketAddress start() throws StartupException {
        int threads = config.effectiveIoThreads();
        acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("iotgw-accept"), transport.ioHandlerFactory());
        workers = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("iotgw-io"), transport.ioHandlerFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ECHO_WATER_MARK)
                .childHandler(new GatewayInitializer(config, limiter, registry, stats, clients, listener));
        try {
            serverChannel = bootstrap.bind(new InetSocketAddress(config.bind(), config.port())).sync().channel();
        } catch (Exception e) {
            close();
            throw new StartupException(describeBindFailure(e), e);
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.info("listening on {}:{} ({}, {} I/O threads): max-connections {}, idle-timeout {}, max-line {}{}",
                config.bind(), bound.getPort(), transport.name().toLowerCase(), threads, config.maxConnections(),
                config.idleTimeout().isZero() ? "off" : config.idleTimeout().toString().substring(2).toLowerCase(),
                Values.bytes(config.maxLineBytes()), config.reply().map(r -> ", fixed reply '" + r + "'").orElse(""));
        return bound;
    }

    private String describeBindFailure(Exception e) {
        String reason = String.valueOf(e.getMessage());
        if (e instanceof BindException || reason.contains("Address already in use")) {
            return "port " + config.port() + " on " + config.bind()
                    + " is already in use (is another gateway running?): choose another with --port";
        }
        if (reason.contains("Cannot assign requested address")) {
            return "bind " + config.bind() + " is not an address of this machine: choose one with --bind";
        }
        if (reason.contains("Permission denied")) {
            return "port " + config.port() + " needs privileges this user lacks (ports below 1024): choose another with --port";
        }
        if (e instanceof IOException || e.getCause() instanceof IOException) {
            return "cannot listen on " + config.bind() + ":" + config.port() + ": " + reason;
        }
        return "cannot listen on " + config.bind() + ":" + config.port() + ": " + e;
    }

    /** Completes when the listening socket is closed. */
    public void awaitClosed() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    public GatewayStats stats() {
        return stats;
    }

    public int openConnections() {
        return limiter.open();
    }

    /** Stops accepting, closes every client, and stops the event loops, within a few seconds. */
    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        }
        clients.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        for (EventLoopGroup group : new EventLoopGroup[] {acceptors, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
        }
        for (EventLoopGroup group : new EventLoopGroup[] {acceptors, workers}) {
            if (group != null) {
                group.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
            }
        }
        if (serverChannel != null) {
            log.info("stopped: {}", stats);
        }
    }
}
