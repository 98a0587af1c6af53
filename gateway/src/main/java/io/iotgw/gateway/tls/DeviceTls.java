package io.iotgw.gateway.tls;

import io.iotgw.gateway.StartupException;
import io.iotgw.gateway.config.TlsConfig;
import io.iotgw.gateway.watch.FileStamp;
import io.iotgw.gateway.watch.FileWatcher;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS port's certificate, key and client CA, read at start and again whenever they change (on
 * the file watcher's thread): a new connection gets the context current when it arrives, so a
 * rotated certificate is served without a restart; files that do not make a good context (a key
 * not yet matching its new certificate, a damaged file) leave the previous one in use and are
 * logged once per change.
 *
 * <p>The handshakes' expensive steps (key exchange, signature: milliseconds each on a small
 * machine) run on threads of their own, so that a fleet reconnecting at once does not stall the
 * echo of the devices already connected; the event loops only move the records.
 *
 * <p>The context is swapped whole through a volatile field; event loops only read it.
 */
public final class DeviceTls implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeviceTls.class);

    private final TlsConfig config;
    private final Clock clock;
    private final TlsStats stats = new TlsStats();
    private final TlsGuard guard;
    private final ExecutorService handshakes;
    private volatile TlsFiles.Loaded current;

    private DeviceTls(TlsConfig config, TlsFiles.Loaded first, Clock clock, ExecutorService handshakes) {
        this.config = config;
        this.clock = clock;
        this.current = first;
        this.handshakes = handshakes;
        this.guard = new TlsGuard(config.clientCa().isPresent(), stats, System::nanoTime);
    }

    /** Reads the files (a bad one stops the gateway with one line) and watches them. */
    public static DeviceTls start(TlsConfig config, FileWatcher watcher) throws StartupException {
        // one waiting task per connection at most (its next handshake step), so the queue is bounded by max-connections
        return start(config, watcher, Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                new DefaultThreadFactory("iotgw-tls", true)));
    }

    /** @param handshakes runs the handshakes' expensive steps */
    static DeviceTls start(TlsConfig config, FileWatcher watcher, ExecutorService handshakes) throws StartupException {
        List<Path> files = files(config);
        FileStamp stamp = FileStamp.of(files);
        Clock clock = Clock.systemUTC();
        TlsFiles.Loaded loaded;
        try {
            loaded = TlsFiles.load(config, clock.instant());
        } catch (TlsFiles.Unusable e) {
            handshakes.shutdownNow();
            throw new StartupException(e.getMessage(), e);
        }
        DeviceTls tls = new DeviceTls(config, loaded, clock, handshakes);
        watcher.watch(files, stamp, tls::reload);
        return tls;
    }

    private static List<Path> files(TlsConfig config) {
        List<Path> files = new ArrayList<>(List.of(config.certificate(), config.key()));
        config.clientCa().ifPresent(files::add);
        return files;
    }

    /** Puts TLS at the front of a new connection's pipeline, with the context current now. */
    public void addTo(ChannelPipeline pipeline) {
        SslHandler ssl = current.context().newHandler(pipeline.channel().alloc(), handshakes);
        ssl.setHandshakeTimeoutMillis(config.handshakeTimeout().toMillis());
        pipeline.addLast("tls", ssl);
        pipeline.addLast("tls-guard", guard);
    }

    void reload() {
        try {
            TlsFiles.Loaded next = TlsFiles.load(config, clock.instant());
            current = next;
            log.info("TLS files changed: new connections get {}", next.description());
        } catch (TlsFiles.Unusable e) {
            log.warn("TLS files changed but cannot be used ({}): new connections still get the certificate read before",
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        handshakes.shutdownNow();
    }

    public TlsConfig config() {
        return config;
    }

    public TlsStats stats() {
        return stats;
    }

    /** The protocols offered and the certificate served now, for the log. */
    public String describe() {
        return String.join(", ", TlsFiles.PROTOCOLS) + ", " + current.description();
    }
}
