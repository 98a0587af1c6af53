package io.iotgw.gateway.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * What a set of files looks like from the outside: for each, whether it exists, its size, its
 * modification time and its identity (inode), links followed. A file replaced by a rename (as
 * certificate tools and {@code iot-gateway device} do) changes identity even when size and time
 * match. Reading it costs one {@code stat} per file, never the contents.
 */
public record FileStamp(List<Object> parts) {

    public static FileStamp of(List<Path> files) {
        List<Object> parts = new ArrayList<>();
        for (Path file : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                parts.add(List.of(a.size(), a.lastModifiedTime(), a.fileKey() == null ? "" : a.fileKey()));
            } catch (NoSuchFileException e) {
                parts.add("missing");
            } catch (IOException e) {
                parts.add("unreadable: " + e.getMessage());
            }
        }
        return new FileStamp(List.copyOf(parts));
    }
}
