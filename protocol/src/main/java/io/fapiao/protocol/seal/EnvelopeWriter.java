package io.fapiao.protocol.seal;

import io.fapiao.protocol.json.CanonicalWriter;
import io.fapiao.protocol.json.MemberName;
import java.util.List;

/**
 * The canonical JSON (RFC 8785) of a sealed bill and of its payload's associated data, written
 * member by member in JCS order instead of through a Jackson tree: both are on the path of every
 * seal, and the associated data of every open. Null fields are omitted, as
 * {@link io.fapiao.protocol.json.CanonicalJson#encode} omits them; that general path is the
 * reference this writer is property-tested against.
 *
 * <pre>{@code
 * byte[] wire = EnvelopeWriter.sealedBill(sealed);                 // = CanonicalJson.encode(sealed)
 * byte[] aad = EnvelopeWriter.associatedData(header, recipients);  // {"header":…,"recipients":[…]}
 * }</pre>
 */
final class EnvelopeWriter {
    // Member names, encoded once; CanonicalEnvelopeReader asks for the same ones in the same (JCS) order.
    static final MemberName BILL_CODE = MemberName.of("billCode");
    static final MemberName BILL_ID = MemberName.of("billId");
    static final MemberName CERTIFICATE = MemberName.of("certificate");
    static final MemberName CIPHERTEXT = MemberName.of("ciphertext");
    static final MemberName EPHEMERAL_KEY = MemberName.of("ephemeralKey");
    static final MemberName FINGERPRINT = MemberName.of("fingerprint");
    static final MemberName HEADER = MemberName.of("header");
    static final MemberName HEADER_DIGEST = MemberName.of("headerDigest");
    static final MemberName ISSUED_AT = MemberName.of("issuedAt");
    static final MemberName ISSUER_ID = MemberName.of("issuerId");
    static final MemberName NONCE = MemberName.of("nonce");
    static final MemberName PAYLOAD = MemberName.of("payload");
    static final MemberName PAYLOAD_DIGEST = MemberName.of("payloadDigest");
    static final MemberName RECIPIENTS = MemberName.of("recipients");
    static final MemberName SIGNATURE = MemberName.of("signature");
    static final MemberName SIGNER = MemberName.of("signer");
    static final MemberName SUITE = MemberName.of("suite");
    static final MemberName VERSION = MemberName.of("version");
    static final MemberName WRAPPED_KEY = MemberName.of("wrappedKey");

    private EnvelopeWriter() {}

    static byte[] sealedBill(SealedBill sealed) {
        EncryptedPayload payload = sealed.payload();
        int ciphertext = payload == null || payload.ciphertext() == null
                ? 0
                : payload.ciphertext().length();
        CanonicalWriter out = new CanonicalWriter(ciphertext * 4 / 3 + 2048);
        out.beginObject();
        header(out, sealed.header());
        if (payload != null) {
            out.name(PAYLOAD)
                    .beginObject()
                    .member(CIPHERTEXT, payload.ciphertext())
                    .member(NONCE, payload.nonce())
                    .endObject();
        }
        recipients(out, sealed.recipients());
        SignerSignature signer = sealed.signer();
        if (signer != null) {
            out.name(SIGNER)
                    .beginObject()
                    .member(CERTIFICATE, signer.certificate())
                    .member(SIGNATURE, signer.signature())
                    .endObject();
        }
        return out.endObject().toByteArray();
    }

    static byte[] associatedData(SealedBillHeader header, List<Recipient> recipients) {
        CanonicalWriter out = new CanonicalWriter(1024);
        out.beginObject();
        header(out, header);
        recipients(out, recipients);
        return out.endObject().toByteArray();
    }

    private static void header(CanonicalWriter out, SealedBillHeader header) {
        if (header == null) {
            return;
        }
        out.name(HEADER)
                .beginObject()
                .member(BILL_CODE, header.billCode())
                .member(BILL_ID, header.billId())
                .member(HEADER_DIGEST, header.headerDigest())
                .member(ISSUED_AT, header.issuedAt())
                .member(ISSUER_ID, header.issuerId())
                .member(PAYLOAD_DIGEST, header.payloadDigest())
                .member(SUITE, header.suite() == null ? null : header.suite().name())
                .member(VERSION, header.version())
                .endObject();
    }

    private static void recipients(CanonicalWriter out, List<Recipient> recipients) {
        if (recipients == null) {
            return;
        }
        out.name(RECIPIENTS).beginArray();
        for (Recipient recipient : recipients) {
            out.beginObject()
                    .member(EPHEMERAL_KEY, recipient.ephemeralKey())
                    .member(FINGERPRINT, recipient.fingerprint())
                    .member(WRAPPED_KEY, recipient.wrappedKey())
                    .endObject();
        }
        out.endArray();
    }
}
