package io.fapiao.cli;

import io.fapiao.proof.ProofCheck;
import io.fapiao.proof.ProofReport;
import io.fapiao.proof.ProofVerifier;
import io.fapiao.proof.TrustAnchor;
import io.fapiao.protocol.ProtocolException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks a proof bundle offline and prints every check; exit 0 when it verifies under the CA
 * certificates given with {@code --trust}, 1 naming the first failure, 2 when the bundle or a trust
 * file cannot be read, 3 when every check passed but no {@code --trust} was given (the bundle is
 * consistent with the CAs it carries itself, which proves nothing about who made it).
 *
 * <pre>{@code
 * fapiao verify-proof bundle.json --trust ledger-data/crypto/cas/
 * }</pre>
 */
@Command(
        name = "verify-proof",
        description = {
            "Verify a proof bundle with no network access: block hashes and orderer signatures (one orderer,",
            "or a quorum of consenters on a SmartBFT channel, under the configuration in force), each step's",
            "transaction, signatures, certificates and write set, the sealed bill and the signed statements.",
            "Exit 0: verified under the CAs given with --trust; 1: a check failed (the first is named);",
            "2: unreadable input; 3: consistent, but no --trust given, so not verified."
        })
final class VerifyProofCommand implements Callable<Integer> {
    /** Every check passed against the bundle's own CAs, and the user gave none to anchor them. */
    static final int UNANCHORED = 3;

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "the proof bundle (JSON)")
    Path bundle;

    @Option(
            names = "--trust",
            paramLabel = "PEM|DIR",
            description = {
                "trusted CA certificates: a PEM file (one or more certificates) or a directory of .pem/.crt files;",
                "repeatable. Every CA certificate of the bundle must be one of these; without --trust nothing is",
                "VERIFIED (exit 3). ./fapiao up writes the consortium's to .fapiao/trust/."
            })
    List<Path> trust = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] json;
        ProofVerifier verifier;
        try {
            json = Files.readAllBytes(bundle);
            verifier = trust.isEmpty() ? ProofVerifier.unpinned() : ProofVerifier.pinned(TrustFiles.read(trust));
        } catch (IOException | ProtocolException e) {
            err.println("cannot read input: " + e.getMessage());
            return 2;
        }
        ProofReport report = verifier.verify(json);
        if (!report.trustAnchors().isEmpty()) {
            out.println("Trust anchors (the CA certificates this bundle's signatures chain to):");
            for (TrustAnchor anchor : report.trustAnchors()) {
                out.printf(
                        "  %-16s SHA-256 %s%s%n      %s%n",
                        anchor.mspId(),
                        anchor.sha256(),
                        trust.isEmpty() ? "" : anchor.pinned() ? "  pinned" : "  NOT PINNED",
                        anchor.subject());
            }
        }
        for (ProofCheck check : report.checks()) {
            out.printf("%-4s %s: %s%n", check.outcome(), check.name(), check.detail());
        }
        if (report.verified()) {
            long passed = report.checks().stream()
                    .filter(c -> c.outcome() == ProofCheck.Outcome.PASS)
                    .count();
            if (trust.isEmpty()) {
                // Anyone can make a consistent bundle under a CA of their own: without an anchor the user
                // chose, consistency is all that was shown.
                out.println("NOT VERIFIED: " + passed + " checks passed, but only against the CA certificates the "
                        + "bundle itself carries, which a forger can make too. Give the consortium's CA certificates "
                        + "with --trust (./fapiao up writes them to .fapiao/trust/), or compare the fingerprints above "
                        + "with ones you trust.");
                return UNANCHORED;
            }
            out.println("VERIFIED: " + passed + " checks passed, every CA pinned by --trust");
            return 0;
        }
        ProofCheck first = report.firstFailure().orElseThrow();
        out.println("FAILED: " + first.name() + ": " + first.detail() + " ("
                + report.failures().size() + " failed checks)");
        return 1;
    }
}
