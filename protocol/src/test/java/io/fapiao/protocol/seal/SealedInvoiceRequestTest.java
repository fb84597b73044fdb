package io.fapiao.protocol.seal;

import static io.fapiao.protocol.seal.SealRoundTripTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceParty;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ERP invoice requests travel in the same envelope as bills; each kind opens only as itself. */
class SealedInvoiceRequestTest {
    private static final String SELLER = SampleBills.uscc(21);

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void everyRecipientOpensTheSameRequest(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        InvoiceRequest request = SampleBills.invoiceRequest(5, SELLER);

        SealedBill sealed = BillSealer.seal(request, pki.hospital().signer(), pki.recipients());
        byte[] wire = sealed.toJson();

        SealedBillHeader header = sealed.header();
        assertThat(header.carriesInvoiceRequest()).isTrue();
        assertThat(header.billCode()).isEqualTo(InvoiceRequest.ENVELOPE_BILL_CODE);
        assertThat(header.billId()).isEqualTo(request.requestId());
        assertThat(header.issuerId()).isEqualTo(SELLER);
        assertThat(header.issuedAt()).isEqualTo(request.issuedAt());
        assertThat(header.payloadDigest()).isEqualTo(Bytes.of(suite.digest(CanonicalJson.encode(request))));
        assertThat(SealedBill.fromJson(wire).header().carriesInvoiceRequest()).isTrue();
        assertThat(SealedBill.fromJson(wire).checkSignature())
                .isEqualTo(pki.hospital().certificate());

        BillOpener opener = BillOpener.trusting(pki.trust());
        for (Identity reader : List.of(pki.finance(), pki.issuer())) {
            OpenedInvoiceRequest opened = opener.openInvoiceRequest(wire, reader.recipientKey());
            assertThat(opened.request()).isEqualTo(request);
            assertThat(opened.signer()).isEqualTo(pki.hospital().certificate());
            assertThat(opened.sealed()).isEqualTo(sealed);
        }
    }

    @Test
    void aBillEnvelopeDoesNotCarryAnInvoiceRequest() throws ProtocolException {
        TestPki pki = TestPki.of(CryptoSuite.INTL);
        SealedBill sealed = BillSealer.seal(
                SampleBills.outpatient(1, SELLER), pki.hospital().signer(), pki.recipients());
        assertThat(sealed.header().carriesInvoiceRequest()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void eachKindIsRefusedWhenOpenedAsTheOther(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        BillOpener opener = BillOpener.trusting(pki.trust());
        byte[] request = BillSealer.seal(
                        SampleBills.invoiceRequest(6, SELLER), pki.hospital().signer(), pki.recipients())
                .toJson();
        byte[] bill = BillSealer.seal(
                        SampleBills.outpatient(6, SELLER), pki.hospital().signer(), pki.recipients())
                .toJson();

        assertCode(() -> opener.open(request, pki.finance().recipientKey()), ErrorCode.WRONG_PAYLOAD_KIND);
        assertCode(() -> opener.openInvoiceRequest(bill, pki.finance().recipientKey()), ErrorCode.WRONG_PAYLOAD_KIND);
        assertThatThrownBy(() -> opener.open(request, pki.finance().recipientKey()))
                .hasMessageContaining("openInvoiceRequest");
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void theKindIsCheckedOnlyAfterTheSignature(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        SealedBill sealed = BillSealer.seal(
                SampleBills.outpatient(7, SELLER), pki.hospital().signer(), pki.recipients());
        SealedBillHeader h = sealed.header();
        // A bill envelope relabelled as a request is tampering, not the other kind.
        SealedBill relabelled = new SealedBill(
                new SealedBillHeader(
                        h.version(),
                        h.suite(),
                        InvoiceRequest.ENVELOPE_BILL_CODE,
                        h.billId(),
                        h.issuerId(),
                        h.issuedAt(),
                        h.payloadDigest(),
                        h.headerDigest()),
                sealed.signer(),
                sealed.payload(),
                sealed.recipients());

        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .openInvoiceRequest(relabelled, pki.finance().recipientKey()),
                ErrorCode.HEADER_DIGEST_MISMATCH);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void aHeaderThatContradictsTheRequestIsRefused(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        InvoiceRequest request = SampleBills.invoiceRequest(8, SELLER);
        byte[] plaintext = CanonicalJson.encode(request);
        Bytes digest = Bytes.of(suite.digest(plaintext));
        String code = InvoiceRequest.ENVELOPE_BILL_CODE;
        String id = request.requestId();
        String at = request.issuedAt();

        assertMismatch(
                pki,
                BillSealer.assemble(
                        code,
                        id + "-2",
                        SELLER,
                        at,
                        digest,
                        plaintext,
                        pki.hospital().signer(),
                        pki.recipients()),
                ErrorCode.HEADER_PAYLOAD_MISMATCH,
                "billId");
        assertMismatch(
                pki,
                BillSealer.assemble(
                        code,
                        id,
                        SampleBills.uscc(22),
                        at,
                        digest,
                        plaintext,
                        pki.hospital().signer(),
                        pki.recipients()),
                ErrorCode.HEADER_PAYLOAD_MISMATCH,
                "issuerId");
        assertMismatch(
                pki,
                BillSealer.assemble(
                        code,
                        id,
                        SELLER,
                        "2025-01-01T00:00:00+08:00",
                        digest,
                        plaintext,
                        pki.hospital().signer(),
                        pki.recipients()),
                ErrorCode.HEADER_PAYLOAD_MISMATCH,
                "issuedAt");
        // A request under a medical bill code is a bill envelope to the reader: the other kind.
        assertMismatch(
                pki,
                BillSealer.assemble(
                        "44010126",
                        id,
                        SELLER,
                        at,
                        digest,
                        plaintext,
                        pki.hospital().signer(),
                        pki.recipients()),
                ErrorCode.WRONG_PAYLOAD_KIND,
                "medical bill");
        // A bill under the request code is not an invoice request document.
        byte[] bill = CanonicalJson.encode(SampleBills.outpatient(8, SELLER));
        assertMismatch(
                pki,
                BillSealer.assemble(
                        code,
                        id,
                        SELLER,
                        at,
                        Bytes.of(suite.digest(bill)),
                        bill,
                        pki.hospital().signer(),
                        pki.recipients()),
                ErrorCode.MALFORMED,
                "InvoiceRequest");
        // The payload digest check comes before the document is read.
        assertMismatch(
                pki,
                BillSealer.assemble(
                        code,
                        id,
                        SELLER,
                        at,
                        Bytes.of(suite.digest(bill)),
                        plaintext,
                        pki.hospital().signer(),
                        pki.recipients()),
                ErrorCode.PAYLOAD_DIGEST_MISMATCH,
                "payload digest");
    }

    @Test
    void invalidRequestsAreNotSealed() {
        TestPki pki = TestPki.of(CryptoSuite.GM);
        InvoiceRequest valid = SampleBills.invoiceRequest(9, SELLER);
        InvoiceRequest noSellerUscc = new InvoiceRequest(
                valid.requestId(),
                new InvoiceParty(valid.seller().name(), null),
                valid.buyer(),
                valid.issuedAt(),
                valid.lines(),
                valid.totalAmount(),
                valid.totalTax(),
                valid.totalWithTax(),
                valid.remarks());

        assertThatThrownBy(() -> BillSealer.seal(noSellerUscc, pki.hospital().signer(), pki.recipients()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_BILL);
                    assertThat(e.violations())
                            .anySatisfy(v -> assertThat(v.path()).isEqualTo("seller.uscc"));
                });
    }

    @Test
    void theReservedCodeIsNeverAMedicalBillCode() {
        Bill bill = SampleBills.outpatient(10, SELLER);
        Bill relabelled = new Bill(
                InvoiceRequest.ENVELOPE_BILL_CODE,
                bill.billId(),
                bill.issuerId(),
                bill.issuerName(),
                bill.issuedAt(),
                bill.payer(),
                bill.items(),
                bill.total(),
                bill.insurance(),
                bill.payeeClerk(),
                bill.remarks());
        assertThat(relabelled.violations()).anySatisfy(v -> assertThat(v.path()).isEqualTo("billCode"));
    }

    /** Every byte of a sealed request matters as it does for a bill: each flip fails with a protocol code. */
    @Test
    void flippingAnyByteOfASealedRequestFailsWithACode() throws ProtocolException {
        TestPki pki = TestPki.of(CryptoSuite.INTL);
        String wire = new String(
                BillSealer.seal(
                                SampleBills.invoiceRequest(11, SELLER),
                                pki.hospital().signer(),
                                pki.recipients())
                        .toJson(),
                StandardCharsets.UTF_8);
        BillOpener opener = BillOpener.trusting(pki.trust());
        Map<ErrorCode, Integer> seen = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < wire.length(); i++) {
            String tampered = wire.substring(0, i) + (char) (wire.charAt(i) ^ 0x01) + wire.substring(i + 1);
            int at = i;
            assertThatThrownBy(() -> opener.openInvoiceRequest(
                            tampered.getBytes(StandardCharsets.UTF_8),
                            pki.finance().recipientKey()))
                    .as("byte %d", at)
                    .isInstanceOfSatisfying(ProtocolException.class, e -> seen.merge(e.code(), 1, Integer::sum));
        }
        assertThat(seen)
                .containsKeys(
                        ErrorCode.MALFORMED,
                        ErrorCode.HEADER_DIGEST_MISMATCH,
                        ErrorCode.CERTIFICATE_INVALID,
                        ErrorCode.BAD_SIGNATURE,
                        ErrorCode.DECRYPTION_FAILED);
    }

    private static void assertMismatch(TestPki pki, SealedBill sealed, ErrorCode code, String messagePart) {
        assertThatThrownBy(() -> BillOpener.trusting(pki.trust())
                        .openInvoiceRequest(sealed.toJson(), pki.finance().recipientKey()))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }
}
