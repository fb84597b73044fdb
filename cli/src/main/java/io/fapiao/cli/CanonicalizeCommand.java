package io.fapiao.cli;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the RFC 8785 canonical form of a JSON file: the bytes Fapiao hashes and signs. */
@Command(name = "canonicalize", description = "Print the RFC 8785 canonical form of a JSON file.")
final class CanonicalizeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a JSON file")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        try {
            byte[] canonical = CanonicalJson.canonicalize(Files.readAllBytes(file));
            spec.commandLine().getOut().println(new String(canonical, StandardCharsets.UTF_8));
            return 0;
        } catch (ProtocolException e) {
            spec.commandLine().getErr().println("refused: " + e.getMessage());
            return 1;
        }
    }
}
