package io.iotgw.gateway.device;

import io.iotgw.gateway.StartupException;
import io.iotgw.gateway.Transport;
import io.iotgw.gateway.auth.DeviceAuthenticator;
import io.iotgw.gateway.config.GatewayConfig;
import io.iotgw.gateway.config.Parsers;
import io.iotgw.gateway.tls.DeviceTls;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP side of the gateway: binds the plain port and the TLS port (either may be off, not both),
 * serves devices on Netty event loops shared by both, and shuts down gracefully.
 */
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
    private final DeviceTls tls;
    private final Predicate<InetAddress> refusedAddress;
    private final ChannelGroup clients = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;
    private final DeviceSessionHandler.Shared shared;
    private volatile Channel serverChannel;
    private Channel tlsChannel;

    /** A plain echo gateway, with no consumer of messages. */
    public GatewayServer(GatewayConfig config) {
        this(config, new DeviceRegistry(), null);
    }

    /**
     * @param registry the connected devices, shared with whoever sends them downlinks
     * @param listener the consumer of device messages, or null
     */
    public GatewayServer(GatewayConfig config, DeviceRegistry registry, DeviceListener listener) {
        this(config, registry, listener, null, null);
    }

    /**
     * @param tls  the TLS port's certificates, or null when there is no TLS port
     * @param auth decides who may use which device id (and closes addresses failing too often on
     *             arrival), or null to take every HELLO at its word
     */
    public GatewayServer(GatewayConfig config, DeviceRegistry registry, DeviceListener listener, DeviceTls tls,
                         DeviceAuthenticator auth) {
        this.config = config;
        this.registry = registry;
        this.listener = listener;
        this.tls = tls;
        this.refusedAddress = auth == null ? address -> false : auth::refusesAddress;
        this.transport = config.transport().resolve();
        this.limiter = new ConnectionLimiter(config.maxConnections(), stats, System::nanoTime);
        this.shared = GatewayInitializer.shared(config, registry, stats, clients, listener, auth);
    }

    /**
     * Binds and starts serving; returns the address bound (with the real port when 0 was asked): the
     * plain port's, or the TLS port's when the plain one is off.
     */
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
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, ECHO_WATER_MARK);
        String limits = String.format("(%s, %d I/O threads): max-connections %d, idle-timeout %s, max-line %s%s",
                transport.name().toLowerCase(), threads, config.maxConnections(),
                config.idleTimeout().isZero() ? "off" : config.idleTimeout().toString().substring(2).toLowerCase(),
                Parsers.bytes(config.maxLineBytes()), config.reply().map(r -> ", fixed reply '" + r + "'").orElse(""));
        InetSocketAddress bound = null;
        if (config.plainPortOn()) {
            serverChannel = bind(bootstrap.clone().childHandler(initializer(null)), config.port(), "--port");
            bound = (InetSocketAddress) serverChannel.localAddress();
            log.info("listening on {}:{} {}", config.bind(), bound.getPort(), limits);
        }
        if (tls != null) {
            tlsChannel = bind(bootstrap.clone().childHandler(initializer(tls)), tls.config().port(), "--tls-port");
            InetSocketAddress tlsBound = (InetSocketAddress) tlsChannel.localAddress();
            log.info("listening for TLS on {}:{} {}", config.bind(), tlsBound.getPort(), (bound == null ? limits + ", " : "(")
                    + "handshake timeout " + tls.config().handshakeTimeout().toMillis() + " ms, " + tls.describe()
                    + (bound == null ? "" : ")"));
            if (bound == null) {
                bound = tlsBound;
                serverChannel = tlsChannel;
            }
        }
        String tooFewFiles = OpenFilesLimit.warning(config.maxConnections(), OpenFilesLimit.soft(Path.of("/proc/self/limits")));
        if (tooFewFiles != null) {
            log.warn("{}", tooFewFiles);
        }
        return bound;
    }

    private GatewayInitializer initializer(DeviceTls portTls) {
        return new GatewayInitializer(config, limiter, clients, shared, portTls, refusedAddress);
    }

    private Channel bind(ServerBootstrap bootstrap, int port, String flag) throws StartupException {
        try {
            return bootstrap.bind(new InetSocketAddress(config.bind(), port)).sync().channel();
        } catch (Exception e) {
            close();
            throw new StartupException(describeBindFailure(e, port, flag), e);
        }
    }

    /** The TLS port's address, or null when there is none. */
    public InetSocketAddress tlsAddress() {
        return tlsChannel == null ? null : (InetSocketAddress) tlsChannel.localAddress();
    }

    private String describeBindFailure(Exception e, int port, String flag) {
        String reason = String.valueOf(e.getMessage());
        if (e instanceof BindException || reason.contains("Address already in use")) {
            return "port " + port + " on " + config.bind()
                    + " is already in use (is another gateway running?): choose another with " + flag;
        }
        if (reason.contains("Cannot assign requested address")) {
            return "bind " + config.bind() + " is not an address of this machine: choose one with --bind";
        }
        if (reason.contains("Permission denied")) {
            return "port " + port + " needs privileges this user lacks (ports below 1024): choose another with " + flag;
        }
        if (e instanceof IOException || e.getCause() instanceof IOException) {
            return "cannot listen on " + config.bind() + ":" + port + ": " + reason;
        }
        return "cannot listen on " + config.bind() + ":" + port + ": " + e;
    }

    /** Completes when the listening socket is closed. */
    public void awaitClosed() throws InterruptedException {
        serverChannel.closeFuture().await();
    }

    /** The transport serving devices (auto resolved). */
    public Transport transport() {
        return transport;
    }

    /** True while the listening socket is bound and open. */
    public boolean isServing() {
        Channel listening = serverChannel;
        return listening != null && listening.isActive();
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
        for (Channel listening : new Channel[] {serverChannel, tlsChannel}) {
            if (listening != null) {
                listening.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
            }
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
        if (tlsChannel != null) {
            log.info("TLS port: {}", tls.stats());
        }
    }
}
