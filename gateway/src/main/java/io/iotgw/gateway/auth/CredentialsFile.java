package io.iotgw.gateway.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads a credentials file and changes it safely: under a lock (two {@code device add} at once
 * lose nothing; {@code .<name>.lock} beside it), by writing a new file beside it, forcing it to disk and renaming it over the old
 * one, so a reader (the gateway) sees the old file or the new one, never half of one. Lines the
 * change is not about are kept byte for byte, damaged ones too.
 *
 * <p>Permissions: a new file is readable by its owner only (0600) and belongs to the owner of its
 * directory where the writer may say so (root writing into a service's state directory makes the
 * file the service's); a rewritten file keeps the old one's owner, group and mode, minus any
 * group or other write permission.
 */
public final class CredentialsFile {

    /** Ten thousand devices take about 1.3 MB; anything far beyond that is not a credentials file. */
    static final long MAX_BYTES = 16L << 20;
    static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final String HEADER = "# iot-gateway device credentials, one <device-id>:<hash> a line, managed with "
            + "'iot-gateway device add|remove|list'. $7$ is PBKDF2-HMAC-SHA512, as mosquitto_passwd writes it.";

    private CredentialsFile() {
    }

    /** The file's devices. @throws NoSuchFileException when it does not exist */
    public static Credentials read(Path file) throws IOException {
        return Credentials.parse(lines(file));
    }

    /**
     * Lists the device with the hash; with {@code replace}, a device already listed gets the new hash.
     *
     * @throws IllegalStateException when the device is listed and {@code replace} is false
     */
    public static void add(Path file, String deviceId, TokenHash hash, boolean replace) throws IOException {
        rewrite(file, true, lines -> {
            List<String> out = new ArrayList<>();
            boolean found = false;
            for (String line : lines) {
                if (isFor(line, deviceId)) {
                    if (!replace) {
                        throw new IllegalStateException("device " + deviceId + " is already listed in " + file
                                + ": remove it first, or give it a new token with --replace");
                    }
                    if (!found) {
                        out.add(deviceId + ":" + hash.encoded());
                    }
                    found = true;
                } else {
                    out.add(line);
                }
            }
            if (!found) {
                if (out.isEmpty()) {
                    out.add(HEADER);
                }
                out.add(deviceId + ":" + hash.encoded());
            }
            return out;
        });
    }

    /** Removes every line for the device; false (the file untouched) when none lists it. */
    public static boolean remove(Path file, String deviceId) throws IOException {
        boolean[] found = {false};
        rewrite(file, false, lines -> {
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                if (isFor(line, deviceId)) {
                    found[0] = true;
                } else {
                    out.add(line);
                }
            }
            return found[0] ? out : null;
        });
        return found[0];
    }

    private static boolean isFor(String line, String deviceId) {
        String s = line.strip();
        return s.startsWith(deviceId + ":") || s.equals(deviceId);
    }

    /** Bytes as ISO-8859-1, so that any byte of a damaged line survives a rewrite unchanged. */
    private static List<String> lines(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IOException("it is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        lines.remove(lines.size() - 1); // after the last newline (or the whole of an empty file)
        if (!text.isEmpty() && !text.endsWith("\n")) {
            lines.add(text.substring(text.lastIndexOf('\n') + 1)); // a last line without its newline
        }
        return lines;
    }

    /**
     * Applies {@code edit} to the file's lines and replaces the file with the result, all under a
     * lock file beside it ({@code .<name>.lock}, which is never replaced, so every writer locks the
     * same one); an edit returning null changes nothing.
     */
    private static void rewrite(Path given, boolean create, UnaryOperator<List<String>> edit) throws IOException {
        Path file = Files.isSymbolicLink(given) ? given.toRealPath() : given; // a link stays a link to the new file
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "the directory does not exist");
        }
        Path lockFile = dir.resolve("." + file.getFileName() + ".lock");
        try (FileChannel lockChannel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(NEW_FILE_MODE));
             FileLock lock = lockChannel.lock()) {
            boolean exists = Files.exists(file);
            if (!exists && !create) {
                throw new NoSuchFileException(file.toString());
            }
            List<String> edited = edit.apply(exists ? lines(file) : List.of());
            if (edited != null) {
                replace(file, dir, edited, exists);
            }
        }
    }

    private static void replace(Path file, Path dir, List<String> lines, boolean keepAttributes) throws IOException {
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".new",
                PosixFilePermissions.asFileAttribute(NEW_FILE_MODE));
        try {
            StringBuilder text = new StringBuilder();
            for (String line : lines) {
                text.append(line).append('\n');
            }
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            applyOwnership(temp, keepAttributes ? file : dir, keepAttributes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " in one step on this file system", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // the rename itself survives a power cut
            } catch (IOException e) {
                // some file systems cannot sync a directory; the rename is still atomic
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Owner and group from {@code model} (the old file, or the directory for a new one) where allowed. */
    private static void applyOwnership(Path temp, Path model, boolean modeToo) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        PosixFileAttributes from = Files.readAttributes(model, PosixFileAttributes.class);
        if (modeToo) {
            Set<PosixFilePermission> mode = from.permissions();
            mode.removeAll(Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE,
                    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
            mode.add(PosixFilePermission.OWNER_READ);
            mode.add(PosixFilePermission.OWNER_WRITE);
            view.setPermissions(mode);
        }
        try {
            if (!from.owner().equals(Files.getOwner(temp))) {
                view.setOwner(from.owner());
            }
            if (!from.group().equals(view.readAttributes().group())) {
                view.setGroup(from.group());
            }
        } catch (FileSystemException e) {
            // only root may give a file away; a user's own file stays theirs
        }
    }
}
