package io.fapiao.service.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files named by trust properties: each entry is a file, or a folder whose regular files (not
 * its sub-folders) are all read, as in an MSP's {@code cacerts/} and {@code crls/}. Hidden files are
 * skipped, so an editor's or a copy tool's temporary file is not read half-written.
 *
 * <pre>{@code
 * List<Path> files = TrustFiles.expand(List.of(Path.of("msp/cacerts"), Path.of("gm/ca.pem")), true);
 * }</pre>
 */
public final class TrustFiles {
    private TrustFiles() {}

    /**
     * The files named by {@code entries}, in a stable order.
     *
     * @param missingAllowed whether an entry that does not exist yet counts as empty (a CRL folder
     *                       appears on the first revocation) or is an error
     * @throws IOException when an entry is missing and may not be, or a folder cannot be listed
     */
    public static List<Path> expand(List<Path> entries, boolean missingAllowed) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path entry : entries) {
            if (Files.isDirectory(entry)) {
                try (Stream<Path> listing = Files.list(entry)) {
                    listing.filter(Files::isRegularFile)
                            .filter(file -> !file.getFileName().toString().startsWith("."))
                            .sorted()
                            .forEach(files::add);
                }
            } else if (Files.isRegularFile(entry)) {
                files.add(entry);
            } else if (!missingAllowed) {
                throw new IOException(entry.toAbsolutePath() + " is neither a file nor a folder");
            }
        }
        return files;
    }

    /**
     * What the files look like now: path, size, modification time and file key of each. Two equal
     * stamps mean nothing was added, removed, rewritten or renamed over.
     */
    static List<String> stamp(List<Path> entries) throws IOException {
        List<String> stamp = new ArrayList<>();
        for (Path file : expand(entries, true)) {
            // Links are followed: a Kubernetes secret mount swaps a link's target on update.
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            stamp.add(file + "|" + attributes.size() + "|"
                    + attributes.lastModifiedTime().toMillis() + "|" + attributes.fileKey());
        }
        return stamp;
    }
}
