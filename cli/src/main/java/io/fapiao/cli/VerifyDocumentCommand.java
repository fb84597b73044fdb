package io.fapiao.cli;

import io.fapiao.cli.document.DocumentForm;
import io.fapiao.cli.document.OfdDocument;
import io.fapiao.cli.document.PdfDocument;
import io.fapiao.cli.document.ReadDocument;
import io.fapiao.proof.ProofCheck;
import io.fapiao.proof.ProofCheck.Outcome;
import io.fapiao.proof.ProofReport;
import io.fapiao.proof.ProofVerifier;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.document.SignedDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Checks an invoice document offline and prints every check, as {@code verify-proof} does: the file's
 * own signature or seal (PAdES for a PDF, the GB/T 38540 e-seal for an OFD), the signed record it
 * carries and its signature, that the same key signed both, that the signer's certificate chains to a
 * CA given with {@code --trust}, and, with {@code --proof}, that the ledger's record in a verified
 * proof bundle holds the record's hash. Exit 0 when all of that holds; 1 naming the first failure; 2
 * when an input cannot be read; 3 when every check passed but there was no {@code --proof} or no
 * {@code --trust}, so nothing ties the document to the ledger or to the consortium.
 *
 * <pre>{@code
 * fapiao verify-document 44010126-0000000042.pdf --proof bundle.json --trust .fapiao/trust/
 * }</pre>
 */
@Command(
        name = "verify-document",
        description = {
            "Verify an invoice document (PDF, OFD, or the signed record as JSON) with no network access: its",
            "PAdES signature or e-seal, the signed record it embeds, the signer's certificate under --trust, and",
            "with --proof the record's hash against the ledger's record in a proof bundle.",
            "Exit 0: verified; 1: a check failed (the first is named); 2: unreadable input;",
            "3: consistent, but without --proof and --trust nothing anchors it."
        })
final class VerifyDocumentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "the document: .pdf, .ofd or the signed .json record")
    Path file;

    @Option(
            names = "--proof",
            paramLabel = "BUNDLE",
            description = "a proof bundle of the invoice's bill (GET /v1/provenance/{billKey}/proof)")
    Path proof;

    @Option(
            names = "--trust",
            paramLabel = "PEM|DIR",
            description = "trusted CA certificates (PEM file or directory); repeatable. ./fapiao up writes them"
                    + " to .fapiao/trust/")
    List<Path> trust = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        byte[] bytes;
        byte[] bundle = null;
        List<X509Certificate> trusted = List.of();
        try {
            bytes = Files.readAllBytes(file);
            if (proof != null) {
                bundle = Files.readAllBytes(proof);
            }
            if (!trust.isEmpty()) {
                trusted = TrustFiles.read(trust);
            }
        } catch (IOException | ProtocolException e) {
            err.println("cannot read input: " + e.getMessage());
            return 2;
        }
        DocumentForm form = DocumentForm.of(bytes);
        ReadDocument read = switch (form) {
            case PDF -> PdfDocument.read(bytes);
            case OFD -> OfdDocument.read(bytes);
            case RECORD ->
                new ReadDocument(
                        form,
                        List.of(new ProofCheck(
                                "document.form", Outcome.NOTE, "the signed record itself, no PDF or OFD")),
                        Optional.of(bytes),
                        Optional.empty());
            case UNKNOWN -> null;
        };
        if (read == null) {
            err.println("cannot read input: " + file + " is neither a PDF, an OFD nor a signed JSON record");
            return 2;
        }
        List<ProofCheck> checks = new ArrayList<>(read.checks());
        List<X509Certificate> anchors = trusted;
        read.record().ifPresent(record -> checkRecord(record, read, anchors, checks));
        boolean anchored = false;
        if (bundle != null && read.record().isPresent()) {
            anchored = checkLedger(read.record().get(), bundle, trusted, checks);
        }
        for (ProofCheck check : checks) {
            out.printf("%-4s %s: %s%n", check.outcome(), check.name(), check.detail());
        }
        Optional<ProofCheck> failed =
                checks.stream().filter(c -> c.outcome() == Outcome.FAIL).findFirst();
        if (failed.isPresent()) {
            out.println("FAILED: " + failed.get().name() + ": " + failed.get().detail());
            return 1;
        }
        if (trusted.isEmpty() || !anchored) {
            out.println("NOT VERIFIED: the document is consistent, but "
                    + (bundle == null ? "no --proof bundle ties its record to the ledger" : "")
                    + (bundle == null && trusted.isEmpty() ? " and " : "")
                    + (trusted.isEmpty() ? "no --trust anchors its signer in the consortium's CAs" : "")
                    + ".");
            return VerifyProofCommand.UNANCHORED;
        }
        out.println("VERIFIED: the document's record is the one the ledger holds, signed by a certificate of a"
                + " trusted CA");
        return 0;
    }

    private static void checkRecord(
            byte[] json, ReadDocument read, List<X509Certificate> trusted, List<ProofCheck> checks) {
        SignedDocument record;
        try {
            record = SignedDocument.verify(json, SignedDocument.INVOICE_FORMAT);
        } catch (ProtocolException e) {
            checks.add(new ProofCheck("record.signature", Outcome.FAIL, e.getMessage()));
            return;
        }
        X509Certificate signer = record.certificate();
        checks.add(new ProofCheck(
                "record.signature",
                Outcome.PASS,
                record.suite() + " signature by "
                        + signer.getSubjectX500Principal().getName() + ", SHA-256 " + record.sha256()));
        read.sealer()
                .ifPresent(sealer -> checks.add(
                        sealer.equals(signer)
                                ? new ProofCheck(
                                        "document.sealer", Outcome.PASS, "the file is sealed with the record's key")
                                : new ProofCheck(
                                        "document.sealer",
                                        Outcome.FAIL,
                                        "the file is sealed by "
                                                + sealer.getSubjectX500Principal()
                                                        .getName()
                                                + ", the record signed by "
                                                + signer.getSubjectX500Principal()
                                                        .getName())));
        if (trusted.isEmpty()) {
            return;
        }
        try {
            Instant issuedAt = Instant.parse(
                    record.document().path("invoice").path("issuedAt").asString(""));
            CertificateTrust.of(trusted).check(signer, issuedAt);
            checks.add(new ProofCheck(
                    "record.signer.trusted",
                    Outcome.PASS,
                    "issued by " + signer.getIssuerX500Principal().getName() + ", valid at " + issuedAt));
        } catch (ProtocolException | DateTimeParseException e) {
            checks.add(new ProofCheck("record.signer.trusted", Outcome.FAIL, e.getMessage()));
        }
    }

    /** Verifies the bundle and looks for the record's hash among the documents its ledger records hold. */
    private static boolean checkLedger(
            byte[] record, byte[] bundle, List<X509Certificate> trusted, List<ProofCheck> checks) {
        ProofReport report =
                (trusted.isEmpty() ? ProofVerifier.unpinned() : ProofVerifier.pinned(trusted)).verify(bundle);
        if (!report.verified()) {
            ProofCheck first = report.firstFailure().orElseThrow();
            checks.add(new ProofCheck(
                    "proof",
                    Outcome.FAIL,
                    "the proof bundle does not verify: " + first.name() + ": " + first.detail()
                            + " (fapiao verify-proof prints every check)"));
            return false;
        }
        checks.add(new ProofCheck(
                "proof",
                Outcome.PASS,
                "the proof bundle verifies (" + report.checks().size() + " checks)"));
        String sha256 = SignedDocument.sha256Hex(record);
        Optional<String> kind = report.recordedDocuments().entrySet().stream()
                .filter(recorded -> recorded.getValue().equals(sha256))
                .map(Map.Entry::getKey)
                .findFirst();
        checks.add(
                kind.isPresent()
                        ? new ProofCheck(
                                "record.ledger",
                                Outcome.PASS,
                                "the ledger's " + kind.get() + " record holds SHA-256 " + sha256)
                        : new ProofCheck(
                                "record.ledger",
                                Outcome.FAIL,
                                "no ledger record in the bundle holds SHA-256 " + sha256 + " (it records "
                                        + report.recordedDocuments() + ")"));
        return kind.isPresent();
    }
}
