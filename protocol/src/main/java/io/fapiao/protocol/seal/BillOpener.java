package io.fapiao.protocol.seal;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.ContentKey;
import io.fapiao.protocol.crypto.EncryptedContent;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.crypto.WrappedKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * Opens sealed bills for one recipient. Nothing is returned until every check has passed, in this
 * order, each failure with its own code: size and shape, version and suite, header digest, signer
 * certificate (issued by a trusted authority, valid at the bill's issue time), signature, recipient,
 * key unwrap and payload authentication, payload digest, bill rules, header against bill. Invoice
 * requests sealed by {@link BillSealer#seal(InvoiceRequest, io.fapiao.protocol.crypto.Signer, java.util.Collection)}
 * open through {@link #openInvoiceRequest}; each method refuses the other kind of envelope with
 * {@link ErrorCode#WRONG_PAYLOAD_KIND} right after the signature check.
 *
 * <pre>{@code
 * BillOpener opener = BillOpener.trusting(CertificateTrust.of(hospitalCas));
 * OpenedBill opened = opener.open(wireBytes, financeKey);
 * Bill bill = opened.bill();
 * }</pre>
 */
public final class BillOpener {
    private final CertificateTrust trust;
    private final int maxBytes;

    private BillOpener(CertificateTrust trust, int maxBytes) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.maxBytes = maxBytes;
    }

    /** An opener that accepts signers certified by {@code trust}, up to {@link SealedBill#DEFAULT_MAX_BYTES}. */
    public static BillOpener trusting(CertificateTrust trust) {
        return new BillOpener(trust, SealedBill.DEFAULT_MAX_BYTES);
    }

    /** The same opener with another size limit for serialised input. */
    public BillOpener withMaxBytes(int limit) {
        return new BillOpener(trust, limit);
    }

    /** Reads the wire form and opens it; see {@link #open(SealedBill, RecipientKey)}. */
    public OpenedBill open(byte[] sealedJson, RecipientKey key) throws ProtocolException {
        return open(SealedBill.fromJson(sealedJson, maxBytes), key);
    }

    /**
     * Checks and decrypts a sealed bill.
     *
     * @throws ProtocolException with the code of the first check that failed;
     *     {@link ErrorCode#WRONG_PAYLOAD_KIND} when the envelope carries an invoice request
     */
    public OpenedBill open(SealedBill sealed, RecipientKey key) throws ProtocolException {
        Unsealed unsealed = unseal(sealed, key, false);
        Bill bill = Bill.parse(unsealed.plaintext());
        checkHeaderMatches(sealed.header(), bill);
        return new OpenedBill(bill, sealed, unsealed.signer());
    }

    /** Reads the wire form and opens it; see {@link #openInvoiceRequest(SealedBill, RecipientKey)}. */
    public OpenedInvoiceRequest openInvoiceRequest(byte[] sealedJson, RecipientKey key) throws ProtocolException {
        return openInvoiceRequest(SealedBill.fromJson(sealedJson, maxBytes), key);
    }

    /**
     * Checks and decrypts a sealed invoice request, with the same checks in the same order as
     * {@link #open(SealedBill, RecipientKey)}; the header must name the request's {@code requestId},
     * seller USCC and {@code issuedAt}, and carry {@link InvoiceRequest#ENVELOPE_BILL_CODE}.
     *
     * <pre>{@code
     * if (sealed.header().carriesInvoiceRequest()) {
     *     InvoiceRequest request = opener.openInvoiceRequest(sealed, issuerKey).request();
     * }
     * }</pre>
     *
     * @throws ProtocolException with the code of the first check that failed;
     *     {@link ErrorCode#WRONG_PAYLOAD_KIND} when the envelope carries a medical bill
     */
    public OpenedInvoiceRequest openInvoiceRequest(SealedBill sealed, RecipientKey key) throws ProtocolException {
        Unsealed unsealed = unseal(sealed, key, true);
        InvoiceRequest request = InvoiceRequest.parse(unsealed.plaintext());
        checkHeaderMatches(sealed.header(), request);
        return new OpenedInvoiceRequest(request, sealed, unsealed.signer());
    }

    /** The plaintext of an envelope whose every check up to the payload digest passed, and its signer. */
    private record Unsealed(byte[] plaintext, X509Certificate signer) {}

    private Unsealed unseal(SealedBill sealed, RecipientKey key, boolean invoiceRequest) throws ProtocolException {
        SealedBillHeader header = sealed.header();
        if (header.version() != SealedBillHeader.VERSION) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "format version " + header.version() + " is not supported; this implementation reads version "
                            + SealedBillHeader.VERSION);
        }
        sealed.checkHeaderDigest();
        X509Certificate signer = sealed.signerCertificate();
        trust.check(signer, issueInstant(header));
        sealed.checkSignatureBy(signer);
        // The kind is read from the header only once the signature has shown the header authentic, so a
        // tampered billCode is reported as tampering, not as the other kind.
        checkKind(header, invoiceRequest);

        Recipient recipient = sealed.recipients().stream()
                .filter(r -> r.fingerprint().equals(key.fingerprint()))
                .findFirst()
                .orElseThrow(() -> new ProtocolException(
                        ErrorCode.NOT_A_RECIPIENT,
                        "the bill is not sealed for " + key.certificate().getSubjectX500Principal() + " (fingerprint "
                                + key.fingerprint() + ")"));
        if (key.suite() != header.suite()) {
            throw new ProtocolException(
                    ErrorCode.NOT_A_RECIPIENT,
                    "the bill is sealed under " + header.suite() + " but the key is a " + key.suite() + " key");
        }
        ContentKey contentKey = key.unwrap(new WrappedKey(
                recipient.fingerprint(),
                recipient.ephemeralKey() == null
                        ? null
                        : recipient.ephemeralKey().toByteArray(),
                recipient.wrappedKey().toByteArray()));
        byte[] plaintext = contentKey.decrypt(
                EncryptedContent.of(
                        sealed.payload().nonce().asReadOnlyBuffer(),
                        sealed.payload().ciphertext().asReadOnlyBuffer()),
                SealedBill.associatedData(header, sealed.recipients()));

        if (!java.security.MessageDigest.isEqual(
                header.suite().digest(plaintext), header.payloadDigest().toByteArray())) {
            throw new ProtocolException(
                    ErrorCode.PAYLOAD_DIGEST_MISMATCH, "decrypted bill does not hash to the header's payload digest");
        }
        return new Unsealed(plaintext, signer);
    }

    private static void checkKind(SealedBillHeader header, boolean invoiceRequest) throws ProtocolException {
        if (header.carriesInvoiceRequest() == invoiceRequest) {
            return;
        }
        throw new ProtocolException(
                ErrorCode.WRONG_PAYLOAD_KIND,
                invoiceRequest
                        ? "the envelope carries a medical bill (header.billCode '" + header.billCode()
                                + "'), not an invoice request; open it with BillOpener.open"
                        : "the envelope carries an invoice request (header.billCode '" + header.billCode()
                                + "'), not a medical bill; open it with BillOpener.openInvoiceRequest");
    }

    private static Instant issueInstant(SealedBillHeader header) throws ProtocolException {
        try {
            return OffsetDateTime.parse(header.issuedAt()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ProtocolException(
                    ErrorCode.MALFORMED, "field header.issuedAt is not an RFC 3339 timestamp: " + header.issuedAt());
        }
    }

    private static void checkHeaderMatches(SealedBillHeader header, Bill bill) throws ProtocolException {
        mustEqual("billCode", header.billCode(), bill.billCode());
        mustEqual("billId", header.billId(), bill.billId());
        mustEqual("issuerId", header.issuerId(), bill.issuerId());
        mustEqual("issuedAt", header.issuedAt(), bill.issuedAt());
    }

    private static void checkHeaderMatches(SealedBillHeader header, InvoiceRequest request) throws ProtocolException {
        mustEqual("billCode", header.billCode(), InvoiceRequest.ENVELOPE_BILL_CODE, "the invoice request");
        mustEqual("billId", header.billId(), request.requestId(), "the invoice request's requestId");
        mustEqual("issuerId", header.issuerId(), request.seller().uscc(), "the invoice request's seller.uscc");
        mustEqual("issuedAt", header.issuedAt(), request.issuedAt(), "the invoice request");
    }

    private static void mustEqual(String field, String inHeader, String inBill) throws ProtocolException {
        mustEqual(field, inHeader, inBill, "the bill");
    }

    private static void mustEqual(String field, String inHeader, String inPayload, String payload)
            throws ProtocolException {
        if (!inHeader.equals(inPayload)) {
            throw new ProtocolException(
                    ErrorCode.HEADER_PAYLOAD_MISMATCH,
                    "header." + field + " is '" + inHeader + "' but " + payload + " says '" + inPayload + "'");
        }
    }
}
