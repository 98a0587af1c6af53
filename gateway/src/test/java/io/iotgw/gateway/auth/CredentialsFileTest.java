package io.iotgw.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private static TokenHash hash(String token) {
        return TokenHash.of(token, RANDOM);
    }

    @Test
    void add_toANewFile_createsItReadableByItsOwnerOnly_withAHeader() throws Exception {
        Path file = dir.resolve("devices");
        CredentialsFile.add(file, "pump-1", hash("t1"), false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("# iot-gateway device credentials");
        assertThat(lines.get(1)).startsWith("pump-1:$7$101$");
        assertThat(CredentialsFile.read(file).hashOf("pump-1").orElseThrow().matches("t1")).isTrue();
    }

    @Test
    void add_idAlreadyListed_isRefusedUnlessReplacing() throws Exception {
        Path file = dir.resolve("devices");
        CredentialsFile.add(file, "pump-1", hash("t1"), false);
        assertThatThrownBy(() -> CredentialsFile.add(file, "pump-1", hash("t2"), false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already listed");
        assertThat(CredentialsFile.read(file).hashOf("pump-1").orElseThrow().matches("t1")).isTrue();
        CredentialsFile.add(file, "pump-1", hash("t2"), true);
        assertThat(CredentialsFile.read(file).hashOf("pump-1").orElseThrow().matches("t2")).isTrue();
        assertThat(CredentialsFile.read(file).size()).isEqualTo(1);
    }

    @Test
    void rewrite_keepsOtherLinesByteForByte_damagedOnesToo() throws Exception {
        Path file = dir.resolve("devices");
        byte[] damaged = "# mine\nbroken\u00ff\u0001:$7$junk\r\nlast-line-without-newline:$6$x".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, damaged);
        CredentialsFile.add(file, "pump-1", hash("t1"), false);
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith(new String(damaged, StandardCharsets.ISO_8859_1) + "\npump-1:$7$");
        assertThat(CredentialsFile.remove(file, "pump-1")).isTrue();
        assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(damaged, StandardCharsets.ISO_8859_1) + "\n");
    }

    @Test
    void add_toANewFileInAServicesDirectory_makesItTheServices_whenRunAsRoot() throws Exception {
        var service = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Path state = Files.createDirectory(dir.resolve("state"));
        try {
            Files.setOwner(state, service);
        } catch (java.nio.file.FileSystemException e) {
            org.junit.jupiter.api.Assumptions.abort("only root may give a directory away: " + e.getMessage());
        }
        Path file = state.resolve("devices");
        CredentialsFile.add(file, "pump-1", hash("t1"), false);
        assertThat(Files.getOwner(file)).isEqualTo(service);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        CredentialsFile.add(file, "pump-2", hash("t2"), false);
        assertThat(Files.getOwner(file)).as("a rewrite keeps the owner").isEqualTo(service);
    }

    @Test
    void rewrite_keepsTheOldFilesMode_withoutGroupOrOtherWrite() throws Exception {
        Path file = dir.resolve("devices");
        CredentialsFile.add(file, "pump-1", hash("t1"), false);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        CredentialsFile.add(file, "pump-2", hash("t2"), false);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
    }

    @Test
    void rewrite_leavesNoTemporaryFileBehind_andALinkStaysALink() throws Exception {
        Path real = dir.resolve("real-devices");
        CredentialsFile.add(real, "pump-1", hash("t1"), false);
        Path link = Files.createSymbolicLink(dir.resolve("devices"), real);
        CredentialsFile.add(link, "pump-2", hash("t2"), false);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(CredentialsFile.read(link).deviceIds()).containsExactly("pump-1", "pump-2");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("real-devices", "devices", ".real-devices.lock");
        }
    }

    @Test
    void remove_listedDevice_removesItsLineOnly() throws Exception {
        Path file = dir.resolve("devices");
        CredentialsFile.add(file, "pump-1", hash("t1"), false);
        CredentialsFile.add(file, "pump-10", hash("t2"), false);
        assertThat(CredentialsFile.remove(file, "pump-1")).isTrue();
        assertThat(CredentialsFile.read(file).deviceIds()).containsExactly("pump-10");
        assertThat(CredentialsFile.remove(file, "pump-1")).isFalse();
    }

    @Test
    void remove_fromAMissingFile_saysSo() {
        assertThatThrownBy(() -> CredentialsFile.remove(dir.resolve("none"), "x")).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> CredentialsFile.add(dir.resolve("no-dir/devices"), "x", hash("t"), false))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("the directory does not exist");
    }

    @Test
    void read_aHugeFile_isRefused() throws Exception {
        Path file = dir.resolve("devices");
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), CredentialsFile.MAX_BYTES + 1);
        }
        assertThatThrownBy(() -> CredentialsFile.read(file)).hasMessageContaining("larger than 16 MiB");
    }
}
