package io.fapiao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class FapiaoCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine command = FapiaoCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void demoOpensEveryBillAndRefusesEachTamperedOne() throws IOException {
        assertThat(run("envelope-demo", "--out", dir.toString())).isZero();

        assertThat(out.toString())
                .contains("INTL", "GM")
                .doesNotContain("DIFFERS", "ACCEPTED")
                .contains("refused: DECRYPTION_FAILED", "refused: HEADER_DIGEST_MISMATCH", "refused: NOT_A_RECIPIENT");
        assertThat(out.toString().lines().filter(line -> line.contains("opened   opened")))
                .hasSize(8);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.filter(f -> f.toString().endsWith(".json"))).hasSize(8);
        }
    }

    @Test
    void inspectChecksTheSignatureAndRefusesATamperedHeader() throws IOException {
        run("envelope-demo", "--out", dir.toString());
        Path sealed;
        try (Stream<Path> files = Files.list(dir)) {
            sealed = files.filter(f -> f.getFileName().toString().startsWith("INTL-MZ"))
                    .findFirst()
                    .orElseThrow();
        }
        out.getBuffer().setLength(0);

        assertThat(run("inspect", sealed.toString())).isZero();
        assertThat(out.toString()).contains("suite INTL", "signature valid", "matches the header");

        String json = Files.readString(sealed);
        Path tampered =
                Files.writeString(dir.resolve("tampered.json"), json.replace("\"billCode\":\"", "\"billCode\":\"9"));
        assertThat(run("inspect", tampered.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("refused: HEADER_DIGEST_MISMATCH");
    }

    @Test
    void canonicalizeSortsMembersAndRefusesDuplicates() throws IOException {
        Path file = Files.writeString(dir.resolve("in.json"), "{ \"b\": 1, \"a\": [true, 1.50, \"\\u00e9\"] }");
        assertThat(run("canonicalize", file.toString())).isZero();
        assertThat(out.toString().strip()).isEqualTo("{\"a\":[true,1.5,\"é\"],\"b\":1}");

        Path duplicate = Files.write(dir.resolve("dup.json"), "{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8));
        assertThat(run("canonicalize", duplicate.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("MALFORMED");
    }
}
