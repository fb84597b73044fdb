package io.fapiao.protocol.seal;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.ContentKey;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.EncryptedContent;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.crypto.WrappedKey;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalJson;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Seals a bill (or an ERP invoice request, in the same format): canonicalises it, digests and signs its header, encrypts it under a fresh content
 * key and wraps that key for each recipient. The suite is the signer's.
 *
 * <pre>{@code
 * SealedBill sealed = BillSealer.seal(bill, hospital.signer(), List.of(financeCert, issuerCert));
 * ledger.submitBill(sealed.toJson());
 * }</pre>
 */
public final class BillSealer {
    /** The largest canonical bill sealed: 512 KiB, which keeps a sealed bill under 1 MiB. */
    public static final int MAX_PAYLOAD_BYTES = 512 * 1024;
    /** The most recipients one envelope names. */
    public static final int MAX_RECIPIENTS = 16;

    private BillSealer() {}

    /**
     * Seals {@code bill} for {@code recipients}, signed by {@code signer}.
     *
     * @throws ProtocolException {@link ErrorCode#INVALID_BILL} when the bill breaks a rule;
     *     {@link ErrorCode#TOO_LARGE} over {@link #MAX_PAYLOAD_BYTES}; {@link ErrorCode#CERTIFICATE_INVALID}
     *     when a recipient's key is not of the signer's suite
     * @throws IllegalArgumentException when there are no recipients or more than {@link #MAX_RECIPIENTS}
     */
    public static SealedBill seal(Bill bill, Signer signer, Collection<X509Certificate> recipients)
            throws ProtocolException {
        if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("a sealed bill needs 1 to " + MAX_RECIPIENTS + " recipients");
        }
        bill.requireValid();
        CryptoSuite suite = signer.suite();
        byte[] plaintext = bill.toCanonicalJson();
        if (plaintext.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE,
                    "bill has " + plaintext.length + " canonical bytes; the limit is " + MAX_PAYLOAD_BYTES);
        }

        return assemble(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                bill.issuedAt(),
                Bytes.of(suite.digest(plaintext)),
                plaintext,
                signer,
                recipients);
    }

    /**
     * Seals an ERP invoice request for {@code recipients}, signed by {@code signer}, in the same envelope
     * format as a bill: the payload is the request's canonical JSON and the header names it by
     * {@code billCode} = {@link InvoiceRequest#ENVELOPE_BILL_CODE}, {@code billId} = {@code requestId},
     * {@code issuerId} = the seller's USCC and {@code issuedAt} = {@code issuedAt}.
     *
     * <pre>{@code
     * SealedBill sealed = BillSealer.seal(request, erp.signer(), List.of(financeCert, issuerCert));
     * assert sealed.header().carriesInvoiceRequest();
     * }</pre>
     *
     * @throws ProtocolException as {@link #seal(Bill, Signer, Collection)}, with {@link ErrorCode#INVALID_BILL}
     *     carrying the request's violations
     * @throws IllegalArgumentException when there are no recipients or more than {@link #MAX_RECIPIENTS}
     */
    public static SealedBill seal(InvoiceRequest request, Signer signer, Collection<X509Certificate> recipients)
            throws ProtocolException {
        if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
            throw new IllegalArgumentException("a sealed invoice request needs 1 to " + MAX_RECIPIENTS + " recipients");
        }
        request.requireValid();
        CryptoSuite suite = signer.suite();
        byte[] plaintext = CanonicalJson.encode(request);
        if (plaintext.length > MAX_PAYLOAD_BYTES) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE,
                    "invoice request has " + plaintext.length + " canonical bytes; the limit is " + MAX_PAYLOAD_BYTES);
        }
        return assemble(
                InvoiceRequest.ENVELOPE_BILL_CODE,
                request.requestId(),
                request.seller().uscc(),
                request.issuedAt(),
                Bytes.of(suite.digest(plaintext)),
                plaintext,
                signer,
                recipients);
    }

    /**
     * Builds an envelope from parts without checking that they agree. {@link #seal} is the only
     * production caller; tests and the negative test vectors use it to build envelopes that a
     * dishonest signer could make.
     */
    static SealedBill assemble(
            String billCode,
            String billId,
            String issuerId,
            String issuedAt,
            Bytes payloadDigest,
            byte[] plaintext,
            Signer signer,
            Collection<X509Certificate> recipients)
            throws ProtocolException {
        CryptoSuite suite = signer.suite();
        SealedBillHeader unsigned = new SealedBillHeader(
                SealedBillHeader.VERSION, suite, billCode, billId, issuerId, issuedAt, payloadDigest, null);
        SealedBillHeader header = new SealedBillHeader(
                SealedBillHeader.VERSION,
                suite,
                billCode,
                billId,
                issuerId,
                issuedAt,
                payloadDigest,
                unsigned.computeDigest());
        SignerSignature signature = new SignerSignature(
                encoded(signer.certificate()),
                Bytes.of(signer.sign(header.headerDigest().toByteArray())));

        ContentKey contentKey = ContentKey.generate(suite);
        List<Recipient> wrapped = wrapFor(contentKey, recipients);
        EncryptedContent content = contentKey.encrypt(plaintext, SealedBill.associatedData(header, wrapped));
        return new SealedBill(
                header,
                signature,
                new EncryptedPayload(Bytes.of(content.nonce()), Bytes.of(content.ciphertext())),
                wrapped);
    }

    private static List<Recipient> wrapFor(ContentKey contentKey, Collection<X509Certificate> recipients)
            throws ProtocolException {
        List<Recipient> wrapped = new ArrayList<>(recipients.size());
        Set<String> named = new HashSet<>();
        for (X509Certificate recipient : recipients) {
            CryptoSuite recipientSuite = CryptoSuite.of(recipient.getPublicKey());
            if (recipientSuite != contentKey.suite()) {
                throw new ProtocolException(
                        ErrorCode.CERTIFICATE_INVALID,
                        "recipient "
                                + recipient.getSubjectX500Principal() + " holds a " + recipientSuite
                                + " key; this bill is sealed under " + contentKey.suite());
            }
            WrappedKey key = contentKey.wrapFor(recipient);
            if (named.add(key.recipientFingerprint())) {
                byte[] ephemeral = key.ephemeralKey();
                wrapped.add(new Recipient(
                        key.recipientFingerprint(),
                        ephemeral.length == 0 ? null : Bytes.of(ephemeral),
                        Bytes.of(key.wrappedKey())));
            }
        }
        return wrapped;
    }

    private static Bytes encoded(X509Certificate certificate) {
        try {
            return Bytes.of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("signer certificate cannot be encoded", e);
        }
    }
}
