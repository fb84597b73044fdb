package io.fapiao.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.seal.TestVectorGenerator.KeyFiles;
import io.fapiao.protocol.seal.TestVectorGenerator.Manifest;
import io.fapiao.protocol.seal.TestVectorGenerator.Negative;
import io.fapiao.protocol.seal.TestVectorGenerator.SuiteVectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Re-verifies the committed vectors in {@code docs/test-vectors}, as another implementation would. */
class TestVectorsTest {
    static final Path ROOT = Path.of(System.getProperty("fapiao.vectors", "../docs/test-vectors"));

    static Manifest manifest() throws IOException, ProtocolException {
        return Json.read(Files.readAllBytes(ROOT.resolve("vectors.json")), Manifest.class);
    }

    @Test
    void bothSuitesHaveVectors() throws Exception {
        assertThat(manifest().suites()).extracting(SuiteVectors::suite).containsExactly("INTL", "GM");
        assertThat(manifest().suites())
                .allSatisfy(s -> assertThat(s.negative())
                        .extracting(Negative::expect)
                        .contains(
                                "MALFORMED",
                                "UNSUPPORTED_VERSION",
                                "UNSUPPORTED_SUITE",
                                "HEADER_DIGEST_MISMATCH",
                                "PAYLOAD_DIGEST_MISMATCH",
                                "BAD_SIGNATURE",
                                "CERTIFICATE_INVALID",
                                "NOT_A_RECIPIENT",
                                "DECRYPTION_FAILED",
                                "INVALID_BILL",
                                "HEADER_PAYLOAD_MISMATCH",
                                "WRONG_PAYLOAD_KIND"));
    }

    @TestFactory
    Stream<DynamicTest> positiveVectorsOpenForEveryRecipient() throws Exception {
        return manifest().suites().stream()
                .map(s -> DynamicTest.dynamicTest(s.suite(), () -> {
                    byte[] plaintext = read(s.positive().plaintext());
                    SealedBill sealed = SealedBill.fromJson(read(s.positive().sealed()));
                    SealedBillHeader h = sealed.header();
                    CryptoSuite suite = CryptoSuite.named(s.suite());

                    assertThat(h.suite()).isEqualTo(suite);
                    assertThat(h.payloadDigest().base64Url())
                            .isEqualTo(s.positive().payloadDigest())
                            .isEqualTo(io.fapiao.protocol.json.Bytes.of(suite.digest(plaintext))
                                    .base64Url());
                    byte[] digestInput = SealedBillHeader.digestInput(
                            h.version(),
                            suite,
                            h.billCode(),
                            h.issuedAt(),
                            h.issuerId(),
                            h.billId(),
                            h.payloadDigest().toByteArray());
                    assertThat(HexFormat.of().formatHex(digestInput))
                            .isEqualTo(s.positive().headerDigestInput());
                    assertThat(h.headerDigest().base64Url())
                            .isEqualTo(s.positive().headerDigest())
                            .isEqualTo(io.fapiao.protocol.json.Bytes.of(suite.digest(digestInput))
                                    .base64Url());
                    assertThat(CanonicalJson.canonicalize(plaintext)).isEqualTo(plaintext);
                    assertThat(sealed.checkSignature())
                            .isEqualTo(Pem.certificate(readText(s.signer().certificate())));

                    for (KeyFiles recipient : s.recipients()) {
                        OpenedBill opened = opener(s).open(read(s.positive().sealed()), key(recipient));
                        assertThat(CanonicalJson.encode(opened.bill())).isEqualTo(plaintext);
                        assertThat(opened.bill()).isEqualTo(Bill.parse(plaintext));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> invoiceRequestVectorsOpenForEveryRecipient() throws Exception {
        return manifest().suites().stream()
                .map(s -> DynamicTest.dynamicTest(s.suite(), () -> {
                    byte[] plaintext = read(s.invoiceRequest().plaintext());
                    SealedBill sealed =
                            SealedBill.fromJson(read(s.invoiceRequest().sealed()));
                    SealedBillHeader h = sealed.header();
                    CryptoSuite suite = CryptoSuite.named(s.suite());

                    assertThat(h.carriesInvoiceRequest()).isTrue();
                    assertThat(h.billCode()).isEqualTo(InvoiceRequest.ENVELOPE_BILL_CODE);
                    assertThat(h.payloadDigest().base64Url())
                            .isEqualTo(s.invoiceRequest().payloadDigest())
                            .isEqualTo(io.fapiao.protocol.json.Bytes.of(suite.digest(plaintext))
                                    .base64Url());
                    byte[] digestInput = SealedBillHeader.digestInput(
                            h.version(),
                            suite,
                            h.billCode(),
                            h.issuedAt(),
                            h.issuerId(),
                            h.billId(),
                            h.payloadDigest().toByteArray());
                    assertThat(HexFormat.of().formatHex(digestInput))
                            .isEqualTo(s.invoiceRequest().headerDigestInput());
                    assertThat(h.headerDigest().base64Url())
                            .isEqualTo(s.invoiceRequest().headerDigest());
                    assertThat(sealed.checkSignature())
                            .isEqualTo(Pem.certificate(readText(s.signer().certificate())));

                    for (KeyFiles recipient : s.recipients()) {
                        OpenedInvoiceRequest opened = opener(s)
                                .openInvoiceRequest(read(s.invoiceRequest().sealed()), key(recipient));
                        assertThat(CanonicalJson.encode(opened.request())).isEqualTo(plaintext);
                        assertThat(opened.request()).isEqualTo(InvoiceRequest.parse(plaintext));
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> negativeVectorsFailWithTheirCode() throws Exception {
        return manifest().suites().stream()
                .flatMap(s -> s.negative().stream()
                        .map(n -> DynamicTest.dynamicTest(s.suite() + " " + n.name(), () -> {
                            KeyFiles reader = s.recipients().stream()
                                    .filter(r -> r.name().equals(n.openAs()))
                                    .findFirst()
                                    .orElseThrow();
                            assertThatThrownBy(() -> {
                                        if (n.openFor().equals("invoiceRequest")) {
                                            opener(s).openInvoiceRequest(read(n.sealed()), key(reader));
                                        } else {
                                            opener(s).open(read(n.sealed()), key(reader));
                                        }
                                    })
                                    .isInstanceOfSatisfying(
                                            ProtocolException.class,
                                            e -> assertThat(e.code())
                                                    .as(n.what() + ": " + e.getMessage())
                                                    .isEqualTo(ErrorCode.valueOf(n.expect())));
                        })));
    }

    static BillOpener opener(SuiteVectors s) throws IOException, ProtocolException {
        List<java.security.cert.X509Certificate> cas = new java.util.ArrayList<>();
        for (String file : s.trustedAuthorities()) {
            cas.add(Pem.certificate(readText(file)));
        }
        return BillOpener.trusting(CertificateTrust.of(cas));
    }

    static RecipientKey key(KeyFiles files) throws IOException, ProtocolException {
        return RecipientKey.of(Pem.privateKey(readText(files.key())), Pem.certificate(readText(files.certificate())));
    }

    static byte[] read(String relative) throws IOException {
        return Files.readAllBytes(ROOT.resolve(relative));
    }

    static String readText(String relative) throws IOException {
        return Files.readString(ROOT.resolve(relative));
    }
}
