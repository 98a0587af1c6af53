package io.iotgw.gateway.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Command-line tools the observing side is checked with: promtool and a headless Chromium. */
public final class Tools {

    /** What a tool printed and how it ended. */
    public record Run(int exitCode, String stdout, String stderr) {
        public String output() {
            return stdout + stderr;
        }
    }

    private Tools() {
    }

    public static Path promtool() {
        Optional<Path> tool = onPath("promtool");
        Requirements.require(tool.isPresent(), "promtool", "apt-get install prometheus");
        return tool.orElseThrow();
    }

    public static Path chromium() {
        Optional<Path> tool = onPath("chromium").or(() -> onPath("chromium-browser"));
        Requirements.require(tool.isPresent(), "chromium", "apt-get install chromium");
        return tool.orElseThrow();
    }

    /** {@code promtool check metrics}, the text on its standard input. */
    public static Run promtoolCheckMetrics(String metrics) throws IOException, InterruptedException {
        Path input = Files.createTempFile("metrics-", ".txt");
        try {
            Files.writeString(input, metrics);
            return run(List.of(promtool().toString(), "check", "metrics"), input);
        } finally {
            Files.deleteIfExists(input);
        }
    }

    /** Headless Chromium, as the brief of the page's tests has it, with scripts given {@code budgetMs} of virtual time. */
    public static Run chromium(String url, int budgetMs, String... more) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile-");
        try {
            List<String> command = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    "--user-data-dir=" + profile, "--virtual-time-budget=" + budgetMs));
            command.addAll(List.of(more));
            command.add(url);
            return run(command, null);
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    public static Run run(List<String> command, Path stdin) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool-", ".out");
        Path err = Files.createTempFile("tool-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (stdin != null) {
                builder.redirectInput(stdin.toFile());
            }
            Process p = builder.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException(command.get(0) + " did not finish within 120 s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
