package io.iotgw.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Pi client's README shows its service as the package ships it: the unit's lines, the settings file. */
class ServiceDocsTest {

    private static final Path DEPLOY = Path.of(System.getProperty("iotgw.deploy.dir", "."));

    /** The fenced blocks of a language in the README's "As a service" section, each as its lines. */
    private static List<List<String>> blocks(String language) throws IOException {
        String readme = Files.readString(DEPLOY.resolve("../pi-client/README.md"));
        int start = readme.indexOf("\n## As a service\n");
        assertThat(start).as("the README's section on the service").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : readme.substring(start, end < 0 ? readme.length() : end).lines().toList()) {
            if (current == null && line.equals("```" + language)) {
                current = new ArrayList<>();
            } else if (current != null && line.equals("```")) {
                blocks.add(current);
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static List<String> settings(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void piClientReadme_unitExample_isMadeOfTheShippedUnitsLines() throws Exception {
        List<List<String>> examples = blocks("ini");
        assertThat(examples).hasSize(1);
        List<String> unit = Files.readAllLines(DEPLOY.resolve("systemd/pi-client.service"));
        assertThat(examples.get(0)).isNotEmpty().allSatisfy(line -> assertThat(unit).contains(line));
    }

    @Test
    void piClientReadme_settingsFile_isTheShippedOne() throws Exception {
        List<List<String>> settingsBlocks = blocks("sh").stream()
                .filter(block -> block.stream().allMatch(l -> l.matches("[A-Z_]+=.*"))).toList();
        assertThat(settingsBlocks).hasSize(1);
        assertThat(settingsBlocks.get(0)).isEqualTo(settings(DEPLOY.resolve("config/pi-client.env")));
    }
}
