package io.fapiao.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

class SealRoundTripTest {
    private static final String USCC = SampleBills.uscc(1);

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void everyRecipientOpensTheSameBill(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        Identity auditor = pki.financeCa().issue(TestPki.profile("auditor", "auditor"));
        Bill bill = SampleBills.inpatient(42, USCC);

        SealedBill sealed = BillSealer.seal(
                bill,
                pki.hospital().signer(),
                List.of(pki.finance().certificate(), pki.issuer().certificate(), auditor.certificate()));
        byte[] wire = sealed.toJson();

        assertThat(sealed.header().suite()).isEqualTo(suite);
        assertThat(sealed.recipients()).hasSize(3);
        BillOpener opener = BillOpener.trusting(pki.trust());
        for (Identity reader : List.of(pki.finance(), pki.issuer(), auditor)) {
            OpenedBill opened = opener.open(wire, reader.recipientKey());
            assertThat(opened.bill()).isEqualTo(bill);
            assertThat(opened.signer()).isEqualTo(pki.hospital().certificate());
        }
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void wireFormIsCanonicalAndReadsBackEqual(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        SealedBill sealed =
                BillSealer.seal(SampleBills.outpatient(3, USCC), pki.hospital().signer(), pki.recipients());
        byte[] wire = sealed.toJson();

        assertThat(CanonicalJson.canonicalize(wire)).isEqualTo(wire);
        assertThat(SealedBill.fromJson(wire)).isEqualTo(sealed);
        assertThat(new String(wire, StandardCharsets.UTF_8)).doesNotContain("=", "/"); // base64url, unpadded
        assertThat(sealed.checkSignature()).isEqualTo(pki.hospital().certificate());
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void sealingTwiceGivesTheSameHeaderButFreshCiphertext(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        Bill bill = SampleBills.outpatient(5, USCC);
        SealedBill first = BillSealer.seal(bill, pki.hospital().signer(), pki.recipients());
        SealedBill second = BillSealer.seal(bill, pki.hospital().signer(), pki.recipients());

        assertThat(second.header()).isEqualTo(first.header());
        assertThat(second.payload()).isNotEqualTo(first.payload());
    }

    @Test
    void headerDigestHashesTheDocumentedLengthPrefixedEncoding() {
        byte[] payloadDigest = new byte[32];
        for (int i = 0; i < 32; i++) {
            payloadDigest[i] = (byte) i;
        }
        ByteBuffer expected = ByteBuffer.allocate(1024);
        for (String field : List.of(
                "fapiao-sealed-bill:1:GM", "44010126", "2026-11-21T09:30:00+08:00", "12440000455858028C", "B-1")) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            expected.putInt(bytes.length).put(bytes);
        }
        expected.putInt(32).put(payloadDigest);
        byte[] expectedBytes = java.util.Arrays.copyOf(expected.array(), expected.position());

        byte[] input = SealedBillHeader.digestInput(
                1, CryptoSuite.GM, "44010126", "2026-11-21T09:30:00+08:00", "12440000455858028C", "B-1", payloadDigest);
        assertThat(input).isEqualTo(expectedBytes);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void onlyNamedRecipientsCanOpen(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        SealedBill sealed = BillSealer.seal(
                SampleBills.outpatient(9, USCC),
                pki.hospital().signer(),
                List.of(pki.finance().certificate()));

        assertCode(
                () -> BillOpener.trusting(pki.trust()).open(sealed, pki.issuer().recipientKey()),
                ErrorCode.NOT_A_RECIPIENT);
        CryptoSuite other = suite == CryptoSuite.INTL ? CryptoSuite.GM : CryptoSuite.INTL;
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(sealed, TestPki.of(other).finance().recipientKey()),
                ErrorCode.NOT_A_RECIPIENT);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void signersOutsideTheTrustedAuthoritiesAreRefused(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        SealedBill sealed =
                BillSealer.seal(SampleBills.outpatient(11, USCC), pki.hospital().signer(), pki.recipients());
        CertificateTrust financeOnly =
                CertificateTrust.of(List.of(pki.financeCa().certificate()));

        assertCode(
                () -> BillOpener.trusting(financeOnly)
                        .open(sealed, pki.finance().recipientKey()),
                ErrorCode.CERTIFICATE_INVALID);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void aSignerCertificateExpiredAtTheIssueTimeIsRefused(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        Identity expired = pki.hospitalCa()
                .issue(TestPki.profile("old.his", "hospital")
                        .validBetween(Instant.parse("2020-01-01T00:00:00Z"), Instant.parse("2023-12-31T00:00:00Z")));
        Bill bill = SampleBills.outpatient(13, USCC); // sample bills are issued in 2024 or 2025
        SealedBill sealed = BillSealer.seal(bill, expired.signer(), pki.recipients());

        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(sealed, pki.finance().recipientKey()),
                ErrorCode.CERTIFICATE_INVALID);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void recipientsMustHoldKeysOfTheSignersSuite(CryptoSuite suite) {
        TestPki pki = TestPki.of(suite);
        CryptoSuite other = suite == CryptoSuite.INTL ? CryptoSuite.GM : CryptoSuite.INTL;
        X509Certificate foreign = TestPki.of(other).finance().certificate();

        assertCode(
                () -> BillSealer.seal(
                        SampleBills.outpatient(1, USCC), pki.hospital().signer(), List.of(foreign)),
                ErrorCode.CERTIFICATE_INVALID);
    }

    @Test
    void invalidBillsAreNotSealed() throws ProtocolException {
        TestPki pki = TestPki.of(CryptoSuite.INTL);
        char last = USCC.charAt(17);
        ObjectNode tree = (ObjectNode) Json.mapper().valueToTree(SampleBills.outpatient(1, USCC));
        tree.put("issuerId", USCC.substring(0, 17) + (last == '0' ? '1' : '0'));
        Bill bill = Json.bind(tree, Bill.class);

        assertThatThrownBy(() -> BillSealer.seal(bill, pki.hospital().signer(), pki.recipients()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
                    assertThat(e.violations())
                            .anySatisfy(v -> assertThat(v.path()).isEqualTo("issuerId"));
                });
    }

    @Test
    void theSizeLimitOfSerialisedInputIsConfigurable() throws ProtocolException {
        TestPki pki = TestPki.of(CryptoSuite.INTL);
        byte[] wire = BillSealer.seal(
                        SampleBills.outpatient(1, USCC), pki.hospital().signer(), pki.recipients())
                .toJson();
        assertCode(() -> SealedBill.fromJson(wire, wire.length - 1), ErrorCode.TOO_LARGE);
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .withMaxBytes(1024)
                        .open(wire, pki.finance().recipientKey()),
                ErrorCode.TOO_LARGE);
    }

    @Test
    void fingerprintsNameRecipientsUnderTheSuiteDigest() throws ProtocolException {
        TestPki pki = TestPki.of(CryptoSuite.GM);
        SealedBill sealed =
                BillSealer.seal(SampleBills.outpatient(1, USCC), pki.hospital().signer(), pki.recipients());
        assertThat(sealed.recipients())
                .extracting(Recipient::fingerprint)
                .containsExactly(
                        CryptoSuite.GM.fingerprint(pki.finance().certificate()),
                        CryptoSuite.GM.fingerprint(pki.issuer().certificate()));
    }

    static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ProtocolException.class,
                        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
    }
}
