package io.fapiao.ledger.client.fapiao;

import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.AUDITOR_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.FINANCE_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.HOSPITAL_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.ISSUER_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_HOSPITAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.provenance.ProvenanceException;
import io.fapiao.ledger.client.provenance.ProvenanceReader;
import io.fapiao.ledger.client.provenance.Timeline;
import io.fapiao.ledger.client.provenance.TimelineStep;
import io.fapiao.ledger.consortium.Organisation;
import io.fapiao.proof.ProofBundle;
import io.fapiao.proof.ProofCheck;
import io.fapiao.proof.ProofReport;
import io.fapiao.proof.ProofVerifier;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.NumberRange;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance and proof bundles from a real lifecycle on an embedded node (TLS gRPC, the fapiao
 * contract, the consortium's identities): the timeline of an invoice, a bundle that verifies offline
 * (unpinned and pinned), and every single-byte change of the bundle rejected with a named failure.
 */
class ProofBundleIT {

    @Test
    void provenanceAndProofOfAClaimedAndOfAReversedInvoice(@TempDir Path dir) throws Exception {
        try (FapiaoNetwork network = FapiaoNetwork.start(dir)) {
            network.bootstrap();
            Identity hospitalId = network.identity(HOSPITAL_MSP, "hospital1");
            Identity verifierId = network.identity(FINANCE_MSP, "verifier1");
            Identity issuerId = network.identity(ISSUER_MSP, "issuer1");
            FapiaoLedger hospital = network.client(HOSPITAL_MSP, "hospital1");
            FapiaoLedger verifier = network.client(FINANCE_MSP, "verifier1");
            FapiaoLedger issuer = network.client(ISSUER_MSP, "issuer1");
            FapiaoLedger claimant = network.client(ISSUER_MSP, "claimant1");
            FapiaoLedger auditor = network.client(AUDITOR_MSP, "auditor1");
            Recorded<NumberRange> range = issuer.reserveNumberRange("ISSUER-01", "HN01", 2026, 10);

            // Bill 1: submitted, accepted, issued with a real document, claimed.
            SealedBill sealed = network.seal(hospitalId, USCC_HOSPITAL, 11);
            BillKey key = FapiaoNetwork.key(sealed);
            Recorded<BillRecord> submitted = hospital.submitBill(sealed);
            Recorded<BillRecord> verified = accept(verifier, verifierId, key);
            String number = range.value().first();
            byte[] document = ("%PDF-1.7 invoice " + number).getBytes(StandardCharsets.UTF_8);
            Recorded<InvoiceRecord> issued = issue(issuer, issuerId, key, number, document);
            Recorded<Claim> claim = claimant.claimInvoice(number, "POLICY-7781", "outpatient reimbursement");

            ProvenanceReader reader = new ProvenanceReader(auditor.ledger());
            Timeline timeline = reader.timeline(number);
            assertThat(timeline.billKey()).isEqualTo(key.toString());
            assertThat(timeline.invoiceNumber()).isEqualTo(number);
            assertThat(timeline.steps())
                    .extracting(TimelineStep::function)
                    .containsExactly("SubmitBill", "RecordVerification", "IssueInvoice", "ClaimInvoice");
            assertThat(timeline.steps())
                    .extracting(TimelineStep::txId)
                    .containsExactly(
                            submitted.transactionId(),
                            verified.transactionId(),
                            issued.transactionId(),
                            claim.transactionId());
            assertThat(timeline.steps())
                    .extracting(TimelineStep::blockNumber)
                    .containsExactly(
                            submitted.blockNumber(), verified.blockNumber(), issued.blockNumber(), claim.blockNumber());
            assertThat(timeline.steps())
                    .extracting(TimelineStep::mspId)
                    .containsExactly(HOSPITAL_MSP, FINANCE_MSP, ISSUER_MSP, ISSUER_MSP);
            assertThat(timeline.steps())
                    .extracting(TimelineStep::state)
                    .containsExactly("SUBMITTED", "VERIFIED", "ISSUED", "CLAIMED");
            assertThat(timeline.steps().get(0).certificateFingerprint())
                    .isEqualTo(submitted.value().submitted().fingerprint());
            assertThat(timeline.steps()).allSatisfy(step -> {
                assertThat(step.signaturesValid())
                        .as(step.problems().toString())
                        .isTrue();
                assertThat(Instant.parse(step.at())).isBefore(Instant.now().plusSeconds(60));
            });
            // The bill key gives the same timeline.
            assertThat(reader.timeline(key.toString())).isEqualTo(timeline);

            ProofBundle bundle = ProvenanceReader.withDocument(reader.proofBundle(number), "invoice", document);
            byte[] json = bundle.toJson();
            // The ledger holds the check code's digest; neither its record nor a proof bundle holds the code.
            assertThat(issued.value().checkCodeDigest()).isEqualTo(FapiaoNetwork.checkCodeDigest(number));
            assertThat(new String(CanonicalJson.encode(auditor.invoice(number)), StandardCharsets.UTF_8))
                    .doesNotContain(FapiaoNetwork.CHECK_CODE);
            assertNowhereIn(bundle, FapiaoNetwork.CHECK_CODE);
            // Kept for the cli module's fixture and for a person to look at.
            Files.createDirectories(Path.of("target"));
            Files.write(Path.of("target", "proof-bundle.json"), json);
            ProofReport report = ProofVerifier.unpinned().verify(json);
            assertThat(report.verified()).as(report.failures().toString()).isTrue();
            assertThat(report.checks())
                    .extracting(ProofCheck::name)
                    .contains(
                            "bundle.canonical",
                            "authorities.config",
                            "sealedBill.headerDigest",
                            "sealedBill.signature",
                            "step[0].SubmitBill.writeSet",
                            "step[0].SubmitBill.sealedBill",
                            "step[1].RecordVerification.statement",
                            "step[2].IssueInvoice.statement",
                            "step[3].ClaimInvoice.writeSet",
                            "document[invoice].sha256",
                            "block[" + issued.blockNumber() + "].ordererSignature",
                            "block[" + issued.blockNumber() + "].dataHash")
                    .doesNotContain("bundle.json", "verifier");
            assertThat(report.trustAnchors())
                    .extracting(a -> a.mspId())
                    .contains(HOSPITAL_MSP, FINANCE_MSP, ISSUER_MSP, AUDITOR_MSP);
            assertThat(ProofVerifier.pinned(consortiumCas(network)).verify(json).verified())
                    .isTrue();
            CertificateAuthority stranger = CertificateAuthority.create(
                    CryptoSuite.INTL,
                    "Elsewhere",
                    "ca.elsewhere",
                    Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)));
            ProofReport distrusted =
                    ProofVerifier.pinned(List.of(stranger.certificate())).verify(json);
            assertThat(distrusted.firstFailure().orElseThrow().name()).isEqualTo("trust.pinned");

            // A different document is not the one the issuer signed for.
            ProofBundle otherDocument = ProvenanceReader.withDocument(
                    reader.proofBundle(number), "invoice", "forged".getBytes(StandardCharsets.UTF_8));
            assertThat(ProofVerifier.unpinned()
                            .verify(otherDocument.toJson())
                            .firstFailure()
                            .orElseThrow()
                            .name())
                    .isEqualTo("document[invoice].sha256");

            flipEveryByte(json, dir);

            // Bill 2: issued then reversed by a red-letter invoice; its bundle verifies too.
            SealedBill second = network.seal(hospitalId, USCC_HOSPITAL, 12);
            BillKey secondKey = FapiaoNetwork.key(second);
            hospital.submitBill(second);
            accept(verifier, verifierId, secondKey);
            String blue = FapiaoNetwork.number("HN01", 2026, 2);
            String red = FapiaoNetwork.number("HN01", 2026, 3);
            issue(issuer, issuerId, secondKey, blue, ("%PDF blue " + blue).getBytes(StandardCharsets.UTF_8));
            byte[] redDocument = ("%PDF red " + red).getBytes(StandardCharsets.UTF_8);
            String redHash = sha256(redDocument);
            issuer.reverseInvoice(
                    blue,
                    "SALES_RETURN",
                    red,
                    redHash,
                    FapiaoNetwork.sign(issuerId, new ReversalStatement(blue, "SALES_RETURN", red, redHash)));
            assertThat(reader.timeline(blue).steps())
                    .extracting(TimelineStep::function)
                    .containsExactly("SubmitBill", "RecordVerification", "IssueInvoice", "ReverseInvoice");
            ProofBundle reversed =
                    ProvenanceReader.withDocument(reader.proofBundle(secondKey.toString()), "reversal", redDocument);
            assertNowhereIn(reversed, FapiaoNetwork.CHECK_CODE);
            ProofReport reversedReport = ProofVerifier.unpinned().verify(reversed.toJson());
            assertThat(reversedReport.verified())
                    .as(reversedReport.failures().toString())
                    .isTrue();
            assertThat(reversedReport.checks())
                    .extracting(ProofCheck::name)
                    .contains("step[3].ReverseInvoice.statement", "document[reversal].sha256");

            // Unknown and malformed keys.
            assertThatThrownBy(() -> reader.timeline("HN01-2026-00000099"))
                    .isInstanceOfSatisfying(
                            ChaincodeRejection.class, e -> assertThat(e.code()).isEqualTo("NOT_FOUND"));
            assertThatThrownBy(() -> reader.timeline("no key"))
                    .isInstanceOfSatisfying(
                            ProvenanceException.class,
                            e -> assertThat(e.reason()).isEqualTo(ProvenanceException.Reason.MALFORMED_KEY));
        }
    }

    /**
     * Positions of the bundle changed one at a time, to a byte of the same kind where there is one
     * (another base64url letter inside encoded bytes, another digit inside a number) so that the change
     * reaches the checks behind the JSON and base64 parsing; each must fail with a named check.
     * Every {@code fapiao.proof.flipStride}-th position (default 13, a prime, so the sample walks
     * through every offset of base64 quads and protobuf fields; about 5,500 positions and a minute);
     * {@code -Dfapiao.proof.flipStride=1} changes every position (about 72,000, ten minutes).
     */
    private static void flipEveryByte(byte[] json, Path dir) throws Exception {
        int stride = Integer.getInteger("fapiao.proof.flipStride", 13);
        ProofVerifier verifier = ProofVerifier.unpinned();
        Map<String, Integer> firstFailures = new TreeMap<>();
        List<String> accepted = new ArrayList<>();
        long started = System.nanoTime();
        int tried = 0;
        for (int position = 0; position < json.length; position += stride) {
            tried++;
            byte[] changed = json.clone();
            changed[position] = replacement(json[position]);
            ProofReport report = verifier.verify(changed);
            if (report.verified()) {
                accepted.add(position + ": '" + (char) json[position] + "' -> '" + (char) changed[position] + "'");
                continue;
            }
            ProofCheck failure = report.firstFailure().orElseThrow();
            assertThat(failure.name()).as("position " + position).isNotBlank().isNotEqualTo("verifier");
            assertThat(failure.detail()).as("position " + position).isNotBlank();
            firstFailures.merge(failure.name().replaceAll("\\[[0-9]+\\]", "[n]"), 1, Integer::sum);
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.println("proof bundle byte flips: " + tried + " of " + json.length + " positions (stride " + stride
                + "), " + accepted.size() + " accepted, in " + millis + " ms; first failures by check: "
                + firstFailures);
        assertThat(accepted).as("changes that verified").isEmpty();
    }

    /**
     * {@code text} is neither in the bundle's JSON nor in any of its blocks, whose transactions (arguments,
     * write sets) are base64url in the JSON and would hide it from a search of the text alone.
     */
    static void assertNowhereIn(ProofBundle bundle, String text) throws Exception {
        assertThat(new String(bundle.toJson(), StandardCharsets.UTF_8)).doesNotContain(text);
        for (String block : bundle.blocks()) {
            assertThat(new String(Base64Url.decode("block", block), StandardCharsets.ISO_8859_1))
                    .doesNotContain(text);
        }
    }

    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    static byte replacement(byte original) {
        int at = BASE64URL.indexOf(original);
        if (at >= 0) {
            return (byte) BASE64URL.charAt((at + 1) % BASE64URL.length());
        }
        return (byte) (original ^ 0x01);
    }

    private static Recorded<BillRecord> accept(FapiaoLedger verifier, Identity verifierId, BillKey key)
            throws Exception {
        String headerDigest = verifier.bill(key).bill().headerDigest();
        return verifier.recordVerification(
                key,
                "ACCEPTED",
                List.of(),
                FapiaoNetwork.sign(
                        verifierId, new VerdictStatement(key.toString(), headerDigest, "ACCEPTED", List.of())));
    }

    private static Recorded<InvoiceRecord> issue(
            FapiaoLedger issuer, Identity issuerId, BillKey key, String number, byte[] document) throws Exception {
        String headerDigest = issuer.bill(key).bill().headerDigest();
        String hash = sha256(document);
        String checkCodeDigest = FapiaoNetwork.checkCodeDigest(number);
        return issuer.issueInvoice(
                key,
                number,
                checkCodeDigest,
                hash,
                FapiaoNetwork.sign(
                        issuerId, new IssuanceStatement(key.toString(), headerDigest, number, checkCodeDigest, hash)));
    }

    private static List<X509Certificate> consortiumCas(FapiaoNetwork network) throws Exception {
        List<X509Certificate> cas = new ArrayList<>();
        for (Organisation org : network.consortium().organisations()) {
            cas.add(network.consortium().certificateAuthority(org.mspId()).certificate());
        }
        return cas;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
