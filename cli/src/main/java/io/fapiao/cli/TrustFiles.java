package io.fapiao.cli;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The CA certificates a user names with {@code --trust}: PEM files (one or more certificates each) or
 * directories of {@code .pem}/{@code .crt} files, such as the {@code trust/} folder {@code ./fapiao up}
 * writes.
 *
 * <pre>{@code
 * List<X509Certificate> cas = TrustFiles.read(List.of(Path.of(".fapiao/trust")));
 * }</pre>
 */
final class TrustFiles {
    private TrustFiles() {}

    /** Every certificate in {@code paths}; an IOException when there is none. */
    static List<X509Certificate> read(List<Path> paths) throws IOException, ProtocolException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path path : paths) {
            List<Path> files;
            if (Files.isDirectory(path)) {
                try (Stream<Path> listed = Files.list(path)) {
                    files = listed.filter(p -> p.toString().endsWith(".pem")
                                    || p.toString().endsWith(".crt"))
                            .sorted()
                            .toList();
                }
            } else {
                files = List.of(path);
            }
            for (Path file : files) {
                certificates.addAll(Pem.certificates(Files.readString(file, StandardCharsets.UTF_8)));
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate found in " + paths);
        }
        return certificates;
    }
}
