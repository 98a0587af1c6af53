package io.iotgw.deploy;

import io.iotgw.gateway.e2e.MosquittoProcess;
import io.iotgw.gateway.e2e.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * Debian's mosquitto package as installed on a Pi, laid out below a scratch root: the package's own
 * {@code /etc/mosquitto/mosquitto.conf}, unmodified apart from its paths, pointing into the scratch
 * root, and an empty {@code conf.d} beside it. The test owns the process; not thread-safe.
 */
final class DebianMosquitto implements AutoCloseable {

    /** The absolute paths the package's configuration names; each moves below the scratch root. */
    private static final List<String> PACKAGE_PATHS = List.of("/etc/mosquitto", "/var/lib/mosquitto", "/run/mosquitto",
            "/var/log/mosquitto");

    private final Path root;
    private final Path binary;
    private final boolean asRoot;
    private Process process;
    private Path output;

    private DebianMosquitto(Path root, Path binary, boolean asRoot) {
        this.root = root;
        this.binary = binary;
        this.asRoot = asRoot;
    }

    /** Lays out the package's configuration below {@code root}; skips (or fails in CI) without Debian's mosquitto. */
    static DebianMosquitto layOut(Path root) throws Exception {
        Optional<Path> binary = Stream.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto").map(Path::of)
                .filter(Files::isExecutable).findFirst();
        Requirements.require(binary.isPresent() && Commands.onPath("mosquitto_passwd") && Commands.onPath("dpkg-query"),
                "Debian's mosquitto package", "apt-get install mosquitto");
        DebianMosquitto broker = new DebianMosquitto(root, binary.get(),
                "0".equals(Commands.run("id", "-u").output().strip()));
        for (String dir : PACKAGE_PATHS) {
            Files.createDirectories(broker.path(dir));
        }
        Files.createDirectories(broker.path("/etc/mosquitto/conf.d"));
        Files.writeString(broker.path("/etc/mosquitto/mosquitto.conf"), broker.repoint(stockConfig()));
        if (broker.asRoot) {
            // Started as root, mosquitto drops to its own user before it reads anything else, as the
            // package's service does; its directories are that user's, as the package makes them.
            setPermissions(root, "rwxr-xr-x");
            for (String dir : List.of("/var/lib/mosquitto", "/run/mosquitto", "/var/log/mosquitto")) {
                broker.chownToBroker(broker.path(dir));
            }
        }
        return broker;
    }

    /**
     * Debian's mosquitto.conf exactly as the installed package ships it: the file in /etc when dpkg's
     * checksum says it is unmodified, otherwise the copy in the package file apt downloaded.
     */
    private static String stockConfig() throws Exception {
        String conffile = "/etc/mosquitto/mosquitto.conf";
        String shippedMd5 = Commands.run("dpkg-query", "-W", "-f=${Conffiles}", "mosquitto").output().lines()
                .map(String::strip).filter(l -> l.startsWith(conffile + " ")).map(l -> l.split(" ")[1])
                .findFirst().orElseThrow(() -> new IllegalStateException("dpkg lists no " + conffile + " for mosquitto"));
        Path installed = Path.of(conffile);
        if (Files.isReadable(installed) && md5(Files.readAllBytes(installed)).equals(shippedMd5)) {
            return Files.readString(installed);
        }
        String version = Commands.run("dpkg-query", "-W", "-f=${Version}", "mosquitto").output().strip();
        String arch = Commands.run("dpkg-query", "-W", "-f=${Architecture}", "mosquitto").output().strip();
        Path deb = Path.of("/var/cache/apt/archives", "mosquitto_" + version.replace(":", "%3a") + "_" + arch + ".deb");
        Requirements.require(Files.isReadable(deb), "Debian's unmodified " + conffile + " (" + installed
                + " was changed here) or the package file " + deb, "apt-get install --reinstall --download-only mosquitto");
        Commands extracted = Commands.run("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -xO ." + conffile, deb.toString());
        if (extracted.exitCode() != 0 || !md5(extracted.output().getBytes(StandardCharsets.UTF_8)).equals(shippedMd5)) {
            throw new IllegalStateException("no " + conffile + " matching dpkg's checksum in " + deb + ": " + extracted.output());
        }
        return extracted.output();
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** Where a path of the package's (e.g. {@code /etc/mosquitto/conf.d}) lies below the scratch root. */
    Path path(String absolute) {
        return root.resolve(absolute.substring(1));
    }

    /** The text with every path of the package's moved below the scratch root. */
    String repoint(String config) {
        String moved = config;
        for (String dir : PACKAGE_PATHS) {
            moved = moved.replace(dir, path(dir).toString());
        }
        return moved;
    }

    /** Makes a file the broker's own, readable by it alone, as the sample's instructions say. */
    void restrictToBroker(Path file) throws IOException {
        setPermissions(file, "rw-------");
        if (asRoot) {
            chownToBroker(file);
        }
    }

    private void chownToBroker(Path file) throws IOException {
        UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
        Files.setOwner(file, users.lookupPrincipalByName("mosquitto"));
        Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class)
                .setGroup(users.lookupPrincipalByGroupName("mosquitto"));
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    /** Starts {@code mosquitto -c /etc/mosquitto/mosquitto.conf} and returns once it listens on {@code port}, or fails with its words. */
    void start(int port) throws IOException {
        output = root.resolve("mosquitto.out");
        process = new ProcessBuilder(binary.toString(), "-c", path("/etc/mosquitto/mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Awaitility.await("mosquitto to listen on " + port).atMost(Duration.ofSeconds(20))
                .until(() -> MosquittoProcess.listening(port) || !process.isAlive());
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto did not start (exit " + process.exitValue() + "): " + log());
        }
    }

    /** What the broker said on its output and in its log file. */
    String log() throws IOException {
        Path file = path("/var/log/mosquitto/mosquitto.log");
        return Files.readString(output) + (Files.isReadable(file) ? Files.readString(file) : "");
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
