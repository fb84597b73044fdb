package io.fapiao.protocol.seal;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalScanner;
import io.fapiao.protocol.json.CanonicalScanner.Declined;
import io.fapiao.protocol.json.MemberName;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link SealedBill#fromJson}: reads a complete version-1 envelope in the
 * canonical form {@link SealedBill#toJson()} writes, and answers null for anything else, which
 * {@link EnvelopeReader} then reads or refuses in the order and with the codes of
 * {@code docs/protocol.md} §4. Whenever it answers an envelope, it is the one {@link EnvelopeReader}
 * reads from the same bytes, and complete ({@code EnvelopeReaderProperties}).
 *
 * <p>It exists because the ciphertext, three quarters of the wire form, went through the JSON
 * parser's text buffer and a {@code String} before it was decoded; here it is decoded from the
 * input bytes directly.
 */
final class CanonicalEnvelopeReader {
    // The member names are EnvelopeWriter's, asked for in the order it writes them (JCS order).
    private CanonicalEnvelopeReader() {}

    /** The envelope, if {@code json} is a complete v1 envelope in canonical form; otherwise null. */
    static SealedBill read(byte[] json) {
        CanonicalScanner in = new CanonicalScanner(json);
        try {
            in.beginObject();
            SealedBillHeader header = in.member(EnvelopeWriter.HEADER) ? header(in) : declined(in);
            EncryptedPayload payload = in.member(EnvelopeWriter.PAYLOAD) ? payload(in) : declined(in);
            List<Recipient> recipients =
                    in.member(EnvelopeWriter.RECIPIENTS) ? recipients(in, header.suite()) : declined(in);
            SignerSignature signer = in.member(EnvelopeWriter.SIGNER) ? signer(in) : declined(in);
            in.endObject();
            in.endDocument();
            return new SealedBill(header, signer, payload, recipients);
        } catch (Declined notCanonical) {
            return null;
        }
    }

    private static SealedBillHeader header(CanonicalScanner in) throws Declined {
        in.beginObject();
        String billCode = required(in, EnvelopeWriter.BILL_CODE);
        String billId = required(in, EnvelopeWriter.BILL_ID);
        Bytes headerDigest = requiredBytes(in, EnvelopeWriter.HEADER_DIGEST);
        String issuedAt = required(in, EnvelopeWriter.ISSUED_AT);
        String issuerId = required(in, EnvelopeWriter.ISSUER_ID);
        Bytes payloadDigest = requiredBytes(in, EnvelopeWriter.PAYLOAD_DIGEST);
        String suiteName = required(in, EnvelopeWriter.SUITE);
        // Any other version or suite is for the general reader to refuse with its own code.
        CryptoSuite suite =
                suiteName.equals("INTL") ? CryptoSuite.INTL : suiteName.equals("GM") ? CryptoSuite.GM : declined(in);
        if (!in.member(EnvelopeWriter.VERSION) || in.integer() != SealedBillHeader.VERSION) {
            in.decline();
        }
        in.endObject();
        return new SealedBillHeader(
                SealedBillHeader.VERSION, suite, billCode, billId, issuerId, issuedAt, payloadDigest, headerDigest);
    }

    private static EncryptedPayload payload(CanonicalScanner in) throws Declined {
        in.beginObject();
        Bytes ciphertext = requiredBytes(in, EnvelopeWriter.CIPHERTEXT);
        Bytes nonce = requiredBytes(in, EnvelopeWriter.NONCE);
        in.endObject();
        return new EncryptedPayload(nonce, ciphertext);
    }

    private static List<Recipient> recipients(CanonicalScanner in, CryptoSuite suite) throws Declined {
        if (!in.beginArrayOrNull() || !in.firstElement()) {
            in.decline();
        }
        List<Recipient> recipients = new ArrayList<>(2);
        do {
            in.beginObject();
            Bytes ephemeralKey = suite == CryptoSuite.INTL ? requiredBytes(in, EnvelopeWriter.EPHEMERAL_KEY) : null;
            String fingerprint = required(in, EnvelopeWriter.FINGERPRINT);
            Bytes wrappedKey = requiredBytes(in, EnvelopeWriter.WRAPPED_KEY);
            in.endObject();
            recipients.add(new Recipient(fingerprint, ephemeralKey, wrappedKey));
        } while (in.nextElement());
        return recipients;
    }

    private static SignerSignature signer(CanonicalScanner in) throws Declined {
        in.beginObject();
        Bytes certificate = requiredBytes(in, EnvelopeWriter.CERTIFICATE);
        Bytes signature = requiredBytes(in, EnvelopeWriter.SIGNATURE);
        in.endObject();
        return new SignerSignature(certificate, signature);
    }

    /** A string member that must be present and not null. */
    private static String required(CanonicalScanner in, MemberName name) throws Declined {
        String text = in.member(name) ? in.text() : null;
        return text != null ? text : declined(in);
    }

    private static Bytes requiredBytes(CanonicalScanner in, MemberName name) throws Declined {
        Bytes bytes = in.member(name) ? in.bytes() : null;
        return bytes != null ? bytes : declined(in);
    }

    private static <T> T declined(CanonicalScanner in) throws Declined {
        in.decline();
        throw new AssertionError("decline() always throws");
    }
}
