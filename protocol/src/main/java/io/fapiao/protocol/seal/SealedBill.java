package io.fapiao.protocol.seal;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Certificates;
import io.fapiao.protocol.crypto.CryptoSuite;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A bill as it travels and as the ledger stores it: a clear {@link SealedBillHeader}, the signer's
 * certificate and signature over the header digest, the canonical bill encrypted under a one-time
 * content key, and that key wrapped for each recipient. See {@code docs/protocol.md} for the wire
 * format.
 *
 * <p>Anyone can check the header digest and the signature ({@link #checkHeaderDigest},
 * {@link #checkSignature}); only a recipient can read the bill ({@link BillOpener}).
 *
 * <pre>{@code
 * SealedBill sealed = BillSealer.seal(bill, hospital.signer(), List.of(financeCert, issuerCert));
 * byte[] wire = sealed.toJson();
 * SealedBill received = SealedBill.fromJson(wire);
 * X509Certificate signer = received.checkSignature();
 * }</pre>
 */
public record SealedBill(
        SealedBillHeader header, SignerSignature signer, EncryptedPayload payload, List<Recipient> recipients) {

    /** The largest serialised sealed bill {@link #fromJson(byte[])} reads: 1 MiB. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;

    public SealedBill {
        recipients = recipients == null ? null : List.copyOf(recipients);
    }

    /** The wire form: canonical JSON (RFC 8785), bytes in unpadded base64url. */
    public byte[] toJson() {
        // Written directly in JCS order (EnvelopeWriter), property-tested against CanonicalJson.encode(this).
        return EnvelopeWriter.sealedBill(this);
    }

    /** Reads the wire form, refusing anything over {@link #DEFAULT_MAX_BYTES}. */
    public static SealedBill fromJson(byte[] json) throws ProtocolException {
        return fromJson(json, DEFAULT_MAX_BYTES);
    }

    /**
     * Reads the wire form.
     *
     * @throws ProtocolException {@link ErrorCode#TOO_LARGE} over {@code maxBytes};
     *     {@link ErrorCode#UNSUPPORTED_VERSION} or {@link ErrorCode#UNSUPPORTED_SUITE} for a header this
     *     implementation does not read; {@link ErrorCode#MALFORMED} for anything not of the v1 shape
     */
    public static SealedBill fromJson(byte[] json, int maxBytes) throws ProtocolException {
        if (json.length > maxBytes) {
            throw new ProtocolException(
                    ErrorCode.TOO_LARGE, "sealed bill has " + json.length + " bytes; the limit is " + maxBytes);
        }
        // The canonical form every sealer writes is read at the byte level; anything else takes one
        // streaming pass (EnvelopeReader) that keeps the order of the checks: strict JSON, version,
        // suite, then shape. Both are property-tested against the tree read they replaced.
        SealedBill sealed = CanonicalEnvelopeReader.read(json);
        if (sealed == null) {
            sealed = EnvelopeReader.read(json);
        }
        sealed.requireComplete();
        return sealed;
    }

    /**
     * Checks that the header digest matches the header fields.
     *
     * @throws ProtocolException {@link ErrorCode#HEADER_DIGEST_MISMATCH} when it does not
     */
    public void checkHeaderDigest() throws ProtocolException {
        if (!header.computeDigest().equals(header.headerDigest())) {
            throw new ProtocolException(
                    ErrorCode.HEADER_DIGEST_MISMATCH,
                    "header digest does not match the header fields; a field or the digest was altered");
        }
    }

    /**
     * The signer's certificate, parsed and checked to hold a key of the header's suite. Whether a
     * trusted authority issued it is for the caller to decide ({@link BillOpener} does).
     *
     * @throws ProtocolException {@link ErrorCode#CERTIFICATE_INVALID}
     */
    public X509Certificate signerCertificate() throws ProtocolException {
        X509Certificate certificate = Certificates.fromDer(signer.certificate().toByteArray());
        CryptoSuite keySuite = CryptoSuite.of(certificate.getPublicKey());
        if (keySuite != header.suite()) {
            throw new ProtocolException(
                    ErrorCode.CERTIFICATE_INVALID,
                    "signer's key belongs to suite " + keySuite + " but the header says " + header.suite());
        }
        return certificate;
    }

    /**
     * Checks the header digest and the signature over it, and returns the signer's certificate.
     *
     * @throws ProtocolException {@link ErrorCode#HEADER_DIGEST_MISMATCH}, {@link ErrorCode#CERTIFICATE_INVALID}
     *     or {@link ErrorCode#BAD_SIGNATURE}
     */
    public X509Certificate checkSignature() throws ProtocolException {
        checkHeaderDigest();
        X509Certificate certificate = signerCertificate();
        checkSignatureBy(certificate);
        return certificate;
    }

    void checkSignatureBy(X509Certificate certificate) throws ProtocolException {
        if (!header.suite()
                .verify(
                        certificate.getPublicKey(),
                        header.headerDigest().toByteArray(),
                        signer.signature().toByteArray())) {
            throw new ProtocolException(
                    ErrorCode.BAD_SIGNATURE,
                    "signature does not verify under the signer's certificate "
                            + certificate.getSubjectX500Principal());
        }
    }

    /**
     * The additional authenticated data of the payload: the canonical JSON of the header and the
     * recipient list, so that no byte outside the signed header can change unnoticed either.
     */
    static byte[] associatedData(SealedBillHeader header, List<Recipient> recipients) {
        return EnvelopeWriter.associatedData(header, recipients);
    }

    /** Every field of the v1 shape present, recipients not empty, {@code ephemeralKey} iff INTL. */
    void requireComplete() throws ProtocolException {
        require(header.billCode(), "header.billCode");
        require(header.billId(), "header.billId");
        require(header.issuerId(), "header.issuerId");
        require(header.issuedAt(), "header.issuedAt");
        require(header.payloadDigest(), "header.payloadDigest");
        require(header.headerDigest(), "header.headerDigest");
        require(signer, "signer");
        require(signer.certificate(), "signer.certificate");
        require(signer.signature(), "signer.signature");
        require(payload, "payload");
        require(payload.nonce(), "payload.nonce");
        require(payload.ciphertext(), "payload.ciphertext");
        require(recipients, "recipients");
        if (recipients.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field recipients is empty");
        }
        for (int i = 0; i < recipients.size(); i++) {
            Recipient recipient = recipients.get(i);
            String path = "recipients[" + i + "]";
            require(recipient, path);
            require(recipient.fingerprint(), path + ".fingerprint");
            require(recipient.wrappedKey(), path + ".wrappedKey");
            boolean hasEphemeral = recipient.ephemeralKey() != null;
            if (hasEphemeral != (header.suite() == CryptoSuite.INTL)) {
                throw new ProtocolException(
                        ErrorCode.MALFORMED,
                        "field " + path + ".ephemeralKey "
                                + (hasEphemeral ? "is not allowed under GM" : "is required under INTL"));
            }
        }
    }

    private static void require(Object value, String path) throws ProtocolException {
        if (value == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field " + path + " is missing");
        }
    }
}
