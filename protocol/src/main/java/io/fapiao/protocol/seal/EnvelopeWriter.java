package io.fapiao.protocol.seal;

import io.fapiao.protocol.json.CanonicalWriter;
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
    private EnvelopeWriter() {}

    static byte[] sealedBill(SealedBill sealed) {
        EncryptedPayload payload = sealed.payload();
        int ciphertext = payload == null || payload.ciphertext() == null ? 0 : payload.ciphertext().length();
        CanonicalWriter out = new CanonicalWriter(ciphertext * 4 / 3 + 2048);
        out.beginObject();
        header(out, sealed.header());
        if (payload != null) {
            out.name("payload").beginObject()
                    .member("ciphertext", payload.ciphertext())
                    .member("nonce", payload.nonce())
                    .endObject();
        }
        recipients(out, sealed.recipients());
        SignerSignature signer = sealed.signer();
        if (signer != null) {
            out.name("signer").beginObject()
                    .member("certificate", signer.certificate())
                    .member("signature", signer.signature())
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
        out.name("header").beginObject()
                .member("billCode", header.billCode())
                .member("billId", header.billId())
                .member("headerDigest", header.headerDigest())
                .member("issuedAt", header.issuedAt())
                .member("issuerId", header.issuerId())
                .member("payloadDigest", header.payloadDigest())
                .member("suite", header.suite() == null ? null : header.suite().name())
                .member("version", header.version())
                .endObject();
    }

    private static void recipients(CanonicalWriter out, List<Recipient> recipients) {
        if (recipients == null) {
            return;
        }
        out.name("recipients").beginArray();
        for (Recipient recipient : recipients) {
            out.beginObject()
                    .member("ephemeralKey", recipient.ephemeralKey())
                    .member("fingerprint", recipient.fingerprint())
                    .member("wrappedKey", recipient.wrappedKey())
                    .endObject();
        }
        out.endArray();
    }
}
