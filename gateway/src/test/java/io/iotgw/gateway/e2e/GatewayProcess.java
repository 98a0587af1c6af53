package io.iotgw.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/** The packaged gateway jar running as its own process, as users run it. */
public final class GatewayProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");
    private static final Pattern LISTENING_TLS = Pattern.compile("listening for TLS on [^ ]+:(\\d+) ");

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The jar {@code mvn package} built; failsafe passes its path. */
    public static Path jar() {
        return Path.of(System.getProperty("iotgw.jar", "target/iot-gateway.jar"));
    }

    /** Starts the gateway and returns once it listens. */
    public static GatewayProcess start(Path java, Map<String, String> env, String... args) throws IOException {
        GatewayProcess gateway = launch(java, env, args);
        boolean tls = List.of(args).contains("--tls-port");
        boolean plain = !String.join(" ", args).contains("--port off");
        Awaitility.await("the gateway to listen").atMost(Duration.ofSeconds(30))
                .until(() -> (!plain || gateway.port() > 0) && (!tls || gateway.tlsPort() > 0) || !gateway.process.isAlive());
        if (plain && gateway.port() <= 0 || tls && gateway.tlsPort() <= 0) {
            throw new IllegalStateException("gateway did not start: " + gateway.output());
        }
        return gateway;
    }

    /** Starts the gateway without waiting: for runs that are expected to end by themselves. */
    public static GatewayProcess launch(Path java, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(jar())) {
            throw new IllegalStateException("no gateway jar at " + jar() + ": run 'mvn package' first");
        }
        // No hsperfdata file: a JVM of the same pid in another pid namespace (the package tests' throwaway
        // root) would make this one warn on its first line, which tests read.
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:-UsePerfData", "-jar", jar().toString()));
        command.addAll(List.of(args));
        // A file, not a pipe: the JDK may close a dead process's pipe before every line is read.
        Path log = Files.createTempFile("gateway-", ".log");
        log.toFile().deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("IOTGW_"));
        builder.environment().putAll(env);
        return new GatewayProcess(builder.start(), log);
    }

    /** The port the gateway logged that it listens on, or -1 before it does. */
    public int port() {
        return loggedPort(LISTENING);
    }

    /** The TLS port the gateway logged that it listens on, or -1 (before it does, or without one). */
    public int tlsPort() {
        return loggedPort(LISTENING_TLS);
    }

    private int loggedPort(Pattern pattern) {
        for (String line : output()) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return -1;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory in bytes, from /proc. */
    public long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for process " + pid());
    }

    /** Sends SIGKILL: no shutdown code runs, as in a crash. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Sends SIGTERM, as systemd does to stop a service. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for the process to end and returns its exit code, or -1 if it did not end in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Everything the gateway wrote so far, line by line. */
    public List<String> output() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(log);
    }
}
