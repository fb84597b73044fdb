package io.fapiao.protocol.seal;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.StrictReader;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonToken;

/**
 * Reads the wire form of a {@link SealedBill} in one streaming pass, in place of a tree parse and
 * a bind, and reports failures in the order of {@code docs/protocol.md} §4 (steps 2 to 5): a
 * document that is not strict JSON (syntax, encoding, a repeated member anywhere, trailing content)
 * first, then a missing or non-integer version, an unsupported version, a missing or unsupported
 * suite, and only then the first problem of shape (unknown member, wrong type, bad base64url),
 * which is therefore held back until the end of the document.
 *
 * <p>Every field has exactly its JSON type: strings are strings and byte strings canonical
 * base64url strings (a number is never read as one), objects are objects; {@code null} counts as
 * absent and is refused by {@link SealedBill}'s completeness check.
 *
 * <pre>{@code
 * SealedBill sealed = EnvelopeReader.read(wire);   // SealedBill.fromJson does this after the size check
 * }</pre>
 */
final class EnvelopeReader {
    private final StrictReader in;
    /** The first problem of shape, reported after the version and suite checks. */
    private ProtocolException shape;

    private boolean headerSeen;
    private String versionText;
    private boolean versionIntegral;
    private Integer version;
    private String suiteName;
    private String billCode;
    private String billId;
    private String issuerId;
    private String issuedAt;
    private Bytes payloadDigest;
    private Bytes headerDigest;
    private SignerSignature signer;
    private EncryptedPayload payload;
    private List<Recipient> recipients;

    private EnvelopeReader(StrictReader in) {
        this.in = in;
    }

    static SealedBill read(byte[] json) throws ProtocolException {
        EnvelopeReader reader = new EnvelopeReader(StrictReader.refusingDuplicates(json, "SealedBill"));
        return reader.document();
    }

    private SealedBill document() throws ProtocolException {
        boolean object = in.startDocument();
        if (object) {
            for (String name = in.nextName(); name != null; name = in.nextName()) {
                switch (name) {
                    case "header" -> header();
                    case "signer" -> signer = signer();
                    case "payload" -> payload = payload();
                    case "recipients" -> recipients = recipients();
                    default -> unknown();
                }
            }
        }
        in.endDocument();

        // Version and suite are judged before the shape, so that a newer envelope is refused as
        // such, not as a malformed v1 one.
        if (!headerSeen) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field header is missing or not an object");
        }
        if (!versionIntegral) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field header.version is missing or not an integer");
        }
        if (version == null || version != SealedBillHeader.VERSION) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "format version " + versionText + " is not supported; this implementation reads version "
                            + SealedBillHeader.VERSION);
        }
        if (suiteName == null) {
            throw new ProtocolException(ErrorCode.MALFORMED, "field header.suite is missing or not a string");
        }
        CryptoSuite suite = CryptoSuite.named(suiteName);
        if (shape != null) {
            throw shape;
        }
        return new SealedBill(
                new SealedBillHeader(version, suite, billCode, billId, issuerId, issuedAt, payloadDigest, headerDigest),
                signer,
                payload,
                recipients);
    }

    private void header() throws ProtocolException {
        if (in.next() != JsonToken.START_OBJECT) {
            // Not judged now: a syntax error further on still comes first, as with a tree parse.
            in.skipValue();
            return;
        }
        headerSeen = true;
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            switch (name) {
                case "version" -> {
                    JsonToken token = in.next();
                    if (token == JsonToken.VALUE_NUMBER_INT) {
                        versionIntegral = true;
                        versionText = in.string();
                        version = in.intValue();
                    } else {
                        in.skipValue();
                    }
                }
                case "suite" -> {
                    if (in.next() == JsonToken.VALUE_STRING) {
                        suiteName = in.string();
                    } else {
                        in.skipValue();
                    }
                }
                case "billCode" -> billCode = text();
                case "billId" -> billId = text();
                case "issuerId" -> issuerId = text();
                case "issuedAt" -> issuedAt = text();
                case "payloadDigest" -> payloadDigest = bytes("header.payloadDigest");
                case "headerDigest" -> headerDigest = bytes("header.headerDigest");
                default -> unknown();
            }
        }
    }

    private SignerSignature signer() throws ProtocolException {
        if (!object()) {
            return null;
        }
        Bytes certificate = null;
        Bytes signature = null;
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            switch (name) {
                case "certificate" -> certificate = bytes("signer.certificate");
                case "signature" -> signature = bytes("signer.signature");
                default -> unknown();
            }
        }
        return new SignerSignature(certificate, signature);
    }

    private EncryptedPayload payload() throws ProtocolException {
        if (!object()) {
            return null;
        }
        Bytes nonce = null;
        Bytes ciphertext = null;
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            switch (name) {
                case "nonce" -> nonce = bytes("payload.nonce");
                case "ciphertext" -> ciphertext = bytes("payload.ciphertext");
                default -> unknown();
            }
        }
        return new EncryptedPayload(nonce, ciphertext);
    }

    private List<Recipient> recipients() throws ProtocolException {
        JsonToken token = in.next();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            wrongType("an array");
            return null;
        }
        List<Recipient> list = new ArrayList<>(2);
        for (token = in.next(); token != JsonToken.END_ARRAY; token = in.next()) {
            if (token != JsonToken.START_OBJECT) {
                wrongType("an object");
                continue;
            }
            list.add(recipient(list.size()));
        }
        return list;
    }

    private Recipient recipient(int index) throws ProtocolException {
        String fingerprint = null;
        Bytes ephemeralKey = null;
        Bytes wrappedKey = null;
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            switch (name) {
                case "fingerprint" -> fingerprint = text();
                case "ephemeralKey" -> ephemeralKey = bytes("recipients[" + index + "].ephemeralKey");
                case "wrappedKey" -> wrappedKey = bytes("recipients[" + index + "].wrappedKey");
                default -> unknown();
            }
        }
        return new Recipient(fingerprint, ephemeralKey, wrappedKey);
    }

    /** Moves to a value that should be an object: true if it is, false (after noting a wrong type) if not. */
    private boolean object() throws ProtocolException {
        JsonToken token = in.next();
        if (token == JsonToken.START_OBJECT) {
            return true;
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType("an object");
        }
        return false;
    }

    private String text() throws ProtocolException {
        JsonToken token = in.next();
        if (token == JsonToken.VALUE_STRING) {
            return in.string();
        }
        if (token != JsonToken.VALUE_NULL) {
            wrongType("a string");
        }
        return null;
    }

    private Bytes bytes(String field) throws ProtocolException {
        String text = text();
        if (text == null) {
            return null;
        }
        try {
            return Bytes.fromBase64Url(field, text);
        } catch (ProtocolException e) {
            note(e);
            return null;
        }
    }

    private void unknown() throws ProtocolException {
        note(in.unknown());
        in.next();
        in.skipValue();
    }

    /** Notes that the current value is not of the expected type, and skips it. */
    private void wrongType(String expected) throws ProtocolException {
        note(in.malformed("expected " + expected + ", not " + StrictReader.describe(in.token())));
        in.skipValue();
    }

    private void note(ProtocolException problem) {
        if (shape == null) {
            shape = problem;
        }
    }
}
