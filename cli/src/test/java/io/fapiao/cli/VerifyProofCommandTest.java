package io.fapiao.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.proof.ProofBundle;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Certificates;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Base64Url;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code fapiao verify-proof} on a proof bundle recorded from ledger-client's ProofBundleIT (a real
 * lifecycle on an embedded node: submitted, verified, issued with its document, claimed).
 */
class VerifyProofCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private byte[] bundle;
    private Path bundleFile;

    @BeforeEach
    void recordedBundle() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("proof-bundle.json")) {
            bundle = in.readAllBytes();
        }
        bundleFile = Files.write(dir.resolve("bundle.json"), bundle);
    }

    private int run(String... args) {
        CommandLine command = FapiaoCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Test
    void withoutTrustAnchorsARecordedBundleIsConsistentButNotVerified() {
        assertThat(run("verify-proof", bundleFile.toString()))
                .as(out.toString())
                .isEqualTo(VerifyProofCommand.UNANCHORED);
        assertThat(out.toString())
                .contains("Trust anchors", "FinanceOrgMSP", "SHA-256 ")
                .contains(
                        "PASS block[0].ordererSignature",
                        "PASS sealedBill.signature",
                        "PASS step[1].RecordVerification.statement",
                        "PASS step[2].IssueInvoice.writeSet",
                        "PASS document[invoice].sha256",
                        "NOTE trust.pinned")
                .contains("NOT VERIFIED: ", "--trust")
                .doesNotContain("FAIL ")
                .doesNotContain("\nVERIFIED");
    }

    @Test
    void oneChangedByteFailsNamingTheCheck() throws Exception {
        String json = new String(bundle, java.nio.charset.StandardCharsets.UTF_8);
        // A letter in the middle of the last block's base64url: its envelope bytes change.
        int end = json.indexOf("\"],\"chaincode\"");
        int start = json.lastIndexOf("\",\"", end) + 3;
        int at = (start + end) / 2;
        byte[] changed = bundle.clone();
        changed[at] = (byte) (changed[at] == 'A' ? 'B' : 'A');
        Path tampered = Files.write(dir.resolve("tampered.json"), changed);

        assertThat(run("verify-proof", tampered.toString())).isEqualTo(1);
        assertThat(out.toString()).containsPattern("FAILED: (block\\[[0-9]+\\]\\.dataHash|block#[0-9]+\\.structure)");
    }

    @Test
    void pinnedToTheBundlesOwnCasItVerifiesPinnedToAStrangerItFails() throws Exception {
        ProofBundle parsed = ProofBundle.fromJson(bundle);
        Path cas = Files.createDirectories(dir.resolve("cas"));
        for (ProofBundle.Authority authority : parsed.authorities()) {
            Files.writeString(
                    cas.resolve(authority.mspId() + ".pem"),
                    Pem.certificate(Certificates.fromDer(Base64Url.decode("ca", authority.certificate()))));
        }
        assertThat(run("verify-proof", bundleFile.toString(), "--trust", cas.toString()))
                .as(out.toString())
                .isZero();
        assertThat(out.toString())
                .contains("PASS trust.pinned", "  pinned", "VERIFIED: ")
                .doesNotContain("NOT VERIFIED");

        CertificateAuthority stranger = CertificateAuthority.create(
                CryptoSuite.INTL,
                "Elsewhere",
                "ca.elsewhere",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(1)));
        Path strangerPem = Files.writeString(dir.resolve("stranger.pem"), Pem.certificate(stranger.certificate()));
        out.getBuffer().setLength(0);
        assertThat(run("verify-proof", bundleFile.toString(), "--trust", strangerPem.toString()))
                .isEqualTo(1);
        assertThat(out.toString()).contains("FAILED: trust.pinned", "NOT PINNED");
    }

    @Test
    void unreadableInputIsExitTwo() {
        assertThat(run("verify-proof", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("cannot read input");
    }
}
