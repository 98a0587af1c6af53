package io.iotgw.gateway.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Tools an end-to-end test needs from the machine. Where one is missing the test is skipped with
 * what to install, unless {@value #REQUIRE_ALL} is set (CI sets it): then a missing tool fails.
 */
public final class Requirements {

    public static final String REQUIRE_ALL = "IOTGW_REQUIRE_ALL_TESTS";
    /** Overrides where the Java 17 runtime is found. */
    public static final String JAVA17_ENV = "IOTGW_TEST_JAVA17";

    private Requirements() {
    }

    public static void require(boolean present, String what, String install) {
        if (present) {
            return;
        }
        String message = what + " not found: install it with '" + install + "'";
        if ("1".equals(System.getenv(REQUIRE_ALL))) {
            fail(message + " (" + REQUIRE_ALL + "=1 makes this a failure)");
        }
        Assumptions.abort("skipped, " + message);
    }

    /** The firmware's host build with sanitizers, which the build makes before the end-to-end tests. */
    public static Path firmwareHostBuild() {
        Path binary = Path.of(System.getProperty("iotgw.firmware.dir", "../firmware-esp32"), "build", "firmware-host-asan");
        require(Files.isExecutable(binary), "the firmware's host build (" + binary + ")",
                "apt-get install g++ make libssl-dev, then mvn verify (or make -C firmware-esp32 host)");
        return binary;
    }

    public static Path python3() {
        Optional<Path> python = onPath("python3");
        require(python.isPresent(), "python3", "apt-get install python3");
        return python.orElseThrow();
    }

    /** An LD_PRELOAD library of the tests' own that makes forcing files to disk slow and logs the thread asking. */
    public static Path slowDisk(Path dir) throws IOException, InterruptedException {
        Optional<Path> gcc = onPath("gcc");
        require(gcc.isPresent(), "gcc", "apt-get install gcc");
        Path source = Path.of(System.getProperty("iotgw.test.c.dir", "src/test/c"), "slowdisk.c");
        Path library = dir.resolve("slowdisk.so");
        Process p = new ProcessBuilder(gcc.get().toString(), "-O2", "-shared", "-fPIC", "-o", library.toString(),
                source.toString(), "-ldl").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("cannot build " + source + ": " + output);
        }
        return library;
    }

    /** The java binary running the tests (21+, since the build needs it). */
    public static Path currentJava() {
        return Path.of(ProcessHandle.current().info().command().orElseThrow());
    }

    /** A Java 17 runtime, the oldest the gateway supports: {@value #JAVA17_ENV} or Debian's under /usr/lib/jvm. */
    public static Path java17() {
        String given = System.getenv(JAVA17_ENV);
        Optional<Path> java = given != null ? Optional.of(Path.of(given)) : findJava17(Path.of("/usr/lib/jvm"));
        require(java.isPresent() && Files.isExecutable(java.get()), "a Java 17 runtime",
                "apt-get install openjdk-17-jre-headless");
        return java.orElseThrow();
    }

    private static Optional<Path> findJava17(Path jvmDir) {
        if (!Files.isDirectory(jvmDir)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvmDir)) {
            return homes.filter(home -> isJava17(home.resolve("release")))
                    .map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isJava17(Path release) {
        try {
            return Files.readAllLines(release).stream().anyMatch(l -> l.startsWith("JAVA_VERSION=\"17"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
