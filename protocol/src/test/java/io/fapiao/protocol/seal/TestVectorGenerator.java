package io.fapiao.protocol.seal;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes {@code docs/test-vectors/}: for each suite a PKI, a bill and an invoice request with their sealed forms, and negative
 * vectors each with the code it must fail with. Keys and ciphertexts are randomised (signatures are
 * deterministic, but over new keys), so a new run writes new bytes; {@code TestVectorsTest} checks
 * whatever is committed. It does not write {@code signatures.json}, whose values are the standards'.
 *
 * <pre>
 * ./mvnw -q -pl protocol -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.fapiao.protocol.seal.TestVectorGenerator -Dexec.args="$PWD/docs/test-vectors"
 * </pre>
 */
public final class TestVectorGenerator {
    static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
    static final Instant UNTIL = Instant.parse("2046-01-01T00:00:00Z");

    /** The manifest, {@code vectors.json}. */
    record Manifest(String format, int version, List<SuiteVectors> suites) {}

    record SuiteVectors(
            String suite,
            List<String> trustedAuthorities,
            KeyFiles signer,
            List<KeyFiles> recipients,
            Positive positive,
            Positive invoiceRequest,
            List<Negative> negative) {}

    record KeyFiles(String name, String certificate, String key) {}

    record Positive(
            String plaintext, String sealed, String payloadDigest, String headerDigestInput, String headerDigest) {}

    /**
     * A vector that must fail. {@code openFor} is {@code bill} ({@code BillOpener.open}) or
     * {@code invoiceRequest} ({@code BillOpener.openInvoiceRequest}).
     */
    record Negative(String name, String sealed, String openAs, String openFor, String expect, String what) {}

    private final Path root;

    private TestVectorGenerator(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : "docs/test-vectors").toAbsolutePath();
        new TestVectorGenerator(root).writeAll();
        System.out.println("test vectors written to " + root);
    }

    private void writeAll() throws IOException, ProtocolException {
        List<SuiteVectors> suites = new ArrayList<>();
        for (CryptoSuite suite : CryptoSuite.values()) {
            suites.add(writeSuite(suite));
        }
        Files.write(
                root.resolve("vectors.json"),
                Json.mapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsBytes(new Manifest("fapiao-sealed-bill test vectors", 1, suites)));
    }

    private SuiteVectors writeSuite(CryptoSuite suite) throws IOException, ProtocolException {
        String dir = suite.name();
        CertificateAuthority hospitalCa = CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        CertificateAuthority financeCa = CertificateAuthority.create(suite, "FinanceOrg", "ca.finance", FROM, UNTIL);
        CertificateAuthority issuerCa = CertificateAuthority.create(suite, "IssuerOrg", "ca.issuer", FROM, UNTIL);
        Identity hospital = hospitalCa.issue(profile("his.hospital", "hospital"));
        Identity finance = financeCa.issue(profile("verifier.finance", "finance"));
        Identity issuer = issuerCa.issue(profile("issuer", "issuer"));

        Bill bill = SampleBills.inpatient(2026, SampleBills.uscc(2026));
        byte[] plaintext = CanonicalJson.encode(bill);
        List<java.security.cert.X509Certificate> recipients = List.of(finance.certificate(), issuer.certificate());
        SealedBill sealed = BillSealer.seal(bill, hospital.signer(), recipients);
        SealedBillHeader h = sealed.header();

        write(dir + "/pki/hospital-ca.pem", Pem.certificate(hospitalCa.certificate()));
        KeyFiles signer = identity(dir, "hospital", hospital);
        List<KeyFiles> readers = List.of(identity(dir, "finance", finance), identity(dir, "issuer", issuer));
        write(dir + "/bill.json", plaintext);
        write(dir + "/sealed.json", sealed.toJson());

        List<Negative> negative = new ArrayList<>();
        NegativeWriter out = new NegativeWriter(dir, negative);
        byte[] wire = sealed.toJson();

        out.wire(
                "header-field-changed",
                wire,
                t -> header(t).put("billId", h.billId() + "X"),
                "finance",
                "HEADER_DIGEST_MISMATCH",
                "header.billId changed after sealing");
        SealedBillHeader rehashed = redigest(h, h.billId() + "X");
        out.sealed(
                "digest-recomputed-not-resigned",
                new SealedBill(rehashed, sealed.signer(), sealed.payload(), sealed.recipients()),
                "finance",
                "BAD_SIGNATURE",
                "header.billId changed and the header digest recomputed, signature kept");
        CertificateAuthority rogueCa = CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", FROM, UNTIL);
        Identity rogue = rogueCa.issue(profile("his.hospital", "hospital"));
        out.sealed(
                "signer-from-unknown-ca",
                BillSealer.seal(bill, rogue.signer(), recipients),
                "finance",
                "CERTIFICATE_INVALID",
                "sealed by a certificate of a CA with the same name but another key");
        Instant issued = OffsetDateTime.parse(bill.issuedAt()).toInstant();
        Identity expired = hospitalCa.issue(profile("his.hospital", "hospital")
                .validBetween(issued.minus(Duration.ofDays(400)), issued.minus(Duration.ofDays(1))));
        out.sealed(
                "signer-expired-at-issue-time",
                BillSealer.seal(bill, expired.signer(), recipients),
                "finance",
                "CERTIFICATE_INVALID",
                "the signer's certificate expired the day before the bill's issue time");
        out.sealed(
                "not-sealed-for-finance",
                BillSealer.seal(bill, hospital.signer(), List.of(issuer.certificate())),
                "finance",
                "NOT_A_RECIPIENT",
                "sealed for the issuer only, opened by the finance bureau");
        out.wire(
                "ciphertext-changed",
                wire,
                t -> {
                    ObjectNode payload = (ObjectNode) t.get("payload");
                    payload.put("ciphertext", flipFirstByte(sealed.payload().ciphertext()));
                },
                "finance",
                "DECRYPTION_FAILED",
                "first ciphertext byte flipped");
        out.wire(
                "other-recipients-entry-changed",
                wire,
                t -> {
                    ObjectNode entry = (ObjectNode) t.get("recipients").get(1);
                    entry.put(
                            "wrappedKey",
                            flipFirstByte(sealed.recipients().get(1).wrappedKey()));
                },
                "finance",
                "DECRYPTION_FAILED",
                "the issuer's wrapped key changed; the recipient list is authenticated data of the payload");
        out.sealed(
                "payload-digest-of-another-bill",
                BillSealer.assemble(
                        h.billCode(),
                        h.billId(),
                        h.issuerId(),
                        h.issuedAt(),
                        Bytes.of(suite.digest("another bill".getBytes(StandardCharsets.UTF_8))),
                        plaintext,
                        hospital.signer(),
                        recipients),
                "finance",
                "PAYLOAD_DIGEST_MISMATCH",
                "a dishonest signer put the digest of other content in the header");
        out.sealed(
                "header-contradicts-bill",
                BillSealer.assemble(
                        h.billCode(),
                        h.billId() + "-2",
                        h.issuerId(),
                        h.issuedAt(),
                        h.payloadDigest(),
                        plaintext,
                        hospital.signer(),
                        recipients),
                "finance",
                "HEADER_PAYLOAD_MISMATCH",
                "a dishonest signer sealed the bill under another bill id");
        ObjectNode broken = (ObjectNode) Json.mapper().valueToTree(bill);
        broken.put("total", bill.total() + 1);
        byte[] brokenBill = CanonicalJson.encode(broken);
        out.sealed(
                "bill-breaks-a-rule",
                BillSealer.assemble(
                        h.billCode(),
                        h.billId(),
                        h.issuerId(),
                        h.issuedAt(),
                        Bytes.of(suite.digest(brokenBill)),
                        brokenBill,
                        hospital.signer(),
                        recipients),
                "finance",
                "INVALID_BILL",
                "total is one fen more than the sum of the items");
        out.wire(
                "version-2",
                wire,
                t -> header(t).put("version", 2),
                "finance",
                "UNSUPPORTED_VERSION",
                "header.version is 2");
        out.wire(
                "unknown-suite",
                wire,
                t -> header(t).put("suite", "RSA"),
                "finance",
                "UNSUPPORTED_SUITE",
                "header.suite is RSA");
        out.wire(
                "padded-base64",
                wire,
                t -> header(t).put("headerDigest", h.headerDigest().base64Url() + "="),
                "finance",
                "MALFORMED",
                "header.headerDigest carries '=' padding");
        out.raw(
                "duplicate-member",
                new String(wire, StandardCharsets.UTF_8)
                        .replaceFirst("\\{\"header\":\\{", "{\"header\":{\"billId\":\"dup\",")
                        .getBytes(StandardCharsets.UTF_8),
                "finance",
                "MALFORMED",
                "header.billId appears twice");

        // An ERP invoice request in the same envelope; each kind is refused when opened as the other.
        InvoiceRequest request = SampleBills.invoiceRequest(2026, SampleBills.uscc(2027));
        SealedBill sealedRequest = BillSealer.seal(request, hospital.signer(), recipients);
        write(dir + "/invoice-request.json", CanonicalJson.encode(request));
        write(dir + "/sealed-invoice-request.json", sealedRequest.toJson());
        out.raw(
                "invoice-request-opened-as-bill",
                sealedRequest.toJson(),
                "finance",
                "bill",
                "WRONG_PAYLOAD_KIND",
                "a sealed invoice request (header.billCode " + InvoiceRequest.ENVELOPE_BILL_CODE
                        + ") opened as a medical bill");
        out.raw(
                "bill-opened-as-invoice-request",
                wire,
                "finance",
                "invoiceRequest",
                "WRONG_PAYLOAD_KIND",
                "a sealed medical bill opened as an invoice request");

        return new SuiteVectors(
                suite.name(),
                List.of(dir + "/pki/hospital-ca.pem"),
                signer,
                readers,
                positive(dir + "/bill.json", dir + "/sealed.json", h),
                positive(dir + "/invoice-request.json", dir + "/sealed-invoice-request.json", sealedRequest.header()),
                negative);
    }

    private static Positive positive(String plaintext, String sealed, SealedBillHeader h) {
        return new Positive(
                plaintext,
                sealed,
                h.payloadDigest().base64Url(),
                HexFormat.of()
                        .formatHex(SealedBillHeader.digestInput(
                                h.version(),
                                h.suite(),
                                h.billCode(),
                                h.issuedAt(),
                                h.issuerId(),
                                h.billId(),
                                h.payloadDigest().toByteArray())),
                h.headerDigest().base64Url());
    }

    private final class NegativeWriter {
        private final String dir;
        private final List<Negative> negative;

        NegativeWriter(String dir, List<Negative> negative) {
            this.dir = dir;
            this.negative = negative;
        }

        void sealed(String name, SealedBill sealed, String openAs, String expect, String what) throws IOException {
            raw(name, sealed.toJson(), openAs, expect, what);
        }

        void wire(String name, byte[] wire, Consumer<ObjectNode> change, String openAs, String expect, String what)
                throws IOException, ProtocolException {
            ObjectNode tree = (ObjectNode) Json.readTree(wire);
            change.accept(tree);
            raw(name, CanonicalJson.encode(tree), openAs, expect, what);
        }

        void raw(String name, byte[] content, String openAs, String expect, String what) throws IOException {
            raw(name, content, openAs, "bill", expect, what);
        }

        void raw(String name, byte[] content, String openAs, String openFor, String expect, String what)
                throws IOException {
            String file = dir + "/negative/" + name + ".json";
            write(file, content);
            negative.add(new Negative(name, file, openAs, openFor, expect, what));
        }
    }

    private KeyFiles identity(String dir, String name, Identity identity) throws IOException {
        String certificate = dir + "/pki/" + name + ".pem";
        String key = dir + "/pki/" + name + ".key.pem";
        write(certificate, Pem.certificate(identity.certificate()));
        write(key, Pem.privateKey(identity.privateKey()));
        return new KeyFiles(name, certificate, key);
    }

    private static IdentityProfile profile(String name, String role) {
        return IdentityProfile.named(name)
                .withUnit("client")
                .withAttribute("role", role)
                .validBetween(FROM, UNTIL);
    }

    private static ObjectNode header(ObjectNode tree) {
        return (ObjectNode) tree.get("header");
    }

    private static SealedBillHeader redigest(SealedBillHeader h, String billId) {
        SealedBillHeader changed = new SealedBillHeader(
                h.version(), h.suite(), h.billCode(), billId, h.issuerId(), h.issuedAt(), h.payloadDigest(), null);
        return new SealedBillHeader(
                h.version(),
                h.suite(),
                h.billCode(),
                billId,
                h.issuerId(),
                h.issuedAt(),
                h.payloadDigest(),
                changed.computeDigest());
    }

    private static String flipFirstByte(Bytes bytes) {
        byte[] value = bytes.toByteArray();
        value[0] ^= 0x01;
        return Bytes.of(value).base64Url();
    }

    private void write(String relative, String text) throws IOException {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(String relative, byte[] content) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
