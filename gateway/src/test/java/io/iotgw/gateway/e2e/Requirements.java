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

    public static Path python3() {
        Optional<Path> python = onPath("python3");
        require(python.isPresent(), "python3", "apt-get install python3");
        return python.orElseThrow();
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
