package io.fapiao.ledger.consortium;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Writes key material durably: each file forced to disk, private keys created with mode 0600. */
final class MaterialFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private MaterialFiles() {}

    static void writePublic(Path file, String text) throws IOException {
        write(file, text, new FileAttribute<?>[0]);
    }

    /** Created with mode 0600 from the start, so the key is never readable by others, not even briefly. */
    static void writeSecret(Path file, String text) throws IOException {
        write(
                file,
                text,
                POSIX
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                        }
                        : new FileAttribute<?>[0]);
    }

    private static void write(Path file, String text, FileAttribute<?>[] attributes) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel =
                FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /** Replaces {@code file} atomically: readers see the old or the new content, never a part. */
    static void replace(Path file, String text) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        writePublic(temporary, text);
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(file.getParent());
    }

    /** Makes a rename or a new entry in {@code directory} durable (a no-op where directories cannot be opened). */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory for reading; the rename is still atomic there.
        }
    }
}
