package io.fapiao.protocol.seal;

import static io.fapiao.protocol.seal.SealRoundTripTest.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.TestPki;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every byte of a sealed bill matters: flipping any one of them, or changing any header field, must
 * fail to open with the code that names what was changed, and never with an unchecked exception.
 */
class SealedBillTamperTest {
    private static final String USCC = SampleBills.uscc(7);

    /** Flips the lowest bit of every byte of the wire form and predicts, per field, the code. */
    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void flippingAnyByteFailsWithTheCodeOfItsField(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        SealedBill sealed =
                BillSealer.seal(SampleBills.outpatient(1, USCC), pki.hospital().signer(), pki.recipients());
        String wire = new String(sealed.toJson(), StandardCharsets.UTF_8);
        String ownFingerprint = pki.finance().recipientKey().fingerprint();
        List<Span> spans = new WireScanner(wire).scan();
        BillOpener opener = BillOpener.trusting(pki.trust());

        Map<ErrorCode, Integer> seen = new EnumMap<>(ErrorCode.class);
        for (int i = 0; i < wire.length(); i++) {
            char flipped = (char) (wire.charAt(i) ^ 0x01);
            String tampered = wire.substring(0, i) + flipped + wire.substring(i + 1);
            ErrorCode expected = expectedCode(spans, i, tampered, ownFingerprint);
            int at = i;
            assertCode(
                    () -> {
                        try {
                            opener.open(
                                    tampered.getBytes(StandardCharsets.UTF_8),
                                    pki.finance().recipientKey());
                        } catch (ProtocolException e) {
                            throw new ProtocolException(
                                    e.code(), "byte " + at + " ('" + wire.charAt(at) + "'): " + e.getMessage(), e);
                        }
                    },
                    expected);
            seen.merge(expected, 1, Integer::sum);
        }
        // The wire form exercises every field-level code, not only MALFORMED.
        assertThat(seen)
                .containsKeys(
                        ErrorCode.MALFORMED,
                        ErrorCode.UNSUPPORTED_VERSION,
                        ErrorCode.UNSUPPORTED_SUITE,
                        ErrorCode.HEADER_DIGEST_MISMATCH,
                        ErrorCode.CERTIFICATE_INVALID,
                        ErrorCode.BAD_SIGNATURE,
                        ErrorCode.NOT_A_RECIPIENT,
                        ErrorCode.DECRYPTION_FAILED);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void changingAnyHeaderFieldIsDetected(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        SealedBill sealed =
                BillSealer.seal(SampleBills.outpatient(2, USCC), pki.hospital().signer(), pki.recipients());
        SealedBillHeader h = sealed.header();
        CryptoSuite other = suite == CryptoSuite.INTL ? CryptoSuite.GM : CryptoSuite.INTL;

        assertOpens(
                pki,
                ErrorCode.UNSUPPORTED_VERSION,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                2,
                                h.suite(),
                                h.billCode(),
                                h.billId(),
                                h.issuerId(),
                                h.issuedAt(),
                                h.payloadDigest(),
                                h.headerDigest())));
        // Another suite changes the hash; on the wire the recipients no longer fit its shape either.
        SealedBill otherSuite = withHeader(
                sealed,
                new SealedBillHeader(
                        1,
                        other,
                        h.billCode(),
                        h.billId(),
                        h.issuerId(),
                        h.issuedAt(),
                        h.payloadDigest(),
                        h.headerDigest()));
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(otherSuite, pki.finance().recipientKey()),
                ErrorCode.HEADER_DIGEST_MISMATCH);
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(otherSuite.toJson(), pki.finance().recipientKey()),
                ErrorCode.MALFORMED);
        assertOpens(
                pki,
                ErrorCode.HEADER_DIGEST_MISMATCH,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                1,
                                h.suite(),
                                "44010199",
                                h.billId(),
                                h.issuerId(),
                                h.issuedAt(),
                                h.payloadDigest(),
                                h.headerDigest())));
        assertOpens(
                pki,
                ErrorCode.HEADER_DIGEST_MISMATCH,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                1,
                                h.suite(),
                                h.billCode(),
                                h.billId() + "X",
                                h.issuerId(),
                                h.issuedAt(),
                                h.payloadDigest(),
                                h.headerDigest())));
        assertOpens(
                pki,
                ErrorCode.HEADER_DIGEST_MISMATCH,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                1,
                                h.suite(),
                                h.billCode(),
                                h.billId(),
                                SampleBills.uscc(8),
                                h.issuedAt(),
                                h.payloadDigest(),
                                h.headerDigest())));
        assertOpens(
                pki,
                ErrorCode.HEADER_DIGEST_MISMATCH,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                1,
                                h.suite(),
                                h.billCode(),
                                h.billId(),
                                h.issuerId(),
                                "2027-01-01T00:00:00+08:00",
                                h.payloadDigest(),
                                h.headerDigest())));
        assertOpens(
                pki,
                ErrorCode.HEADER_DIGEST_MISMATCH,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                1,
                                h.suite(),
                                h.billCode(),
                                h.billId(),
                                h.issuerId(),
                                h.issuedAt(),
                                Bytes.of(new byte[32]),
                                h.headerDigest())));
        assertOpens(
                pki,
                ErrorCode.HEADER_DIGEST_MISMATCH,
                withHeader(
                        sealed,
                        new SealedBillHeader(
                                1,
                                h.suite(),
                                h.billCode(),
                                h.billId(),
                                h.issuerId(),
                                h.issuedAt(),
                                h.payloadDigest(),
                                Bytes.of(new byte[32]))));

        // Whoever recomputes the digest after a change still cannot sign it.
        SealedBillHeader rehashed = redigest(new SealedBillHeader(
                1, h.suite(), h.billCode(), h.billId() + "X", h.issuerId(), h.issuedAt(), h.payloadDigest(), null));
        assertOpens(pki, ErrorCode.BAD_SIGNATURE, withHeader(sealed, rehashed));

        // Whoever re-signs with a key from outside the consortium is refused for the certificate.
        CertificateAuthority rogueCa =
                CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", TestPki.FROM, TestPki.UNTIL);
        Identity rogue = rogueCa.issue(TestPki.profile("his.hospital", "hospital"));
        SealedBill resigned = new SealedBill(
                rehashed,
                new SignerSignature(
                        encoded(rogue),
                        Bytes.of(rogue.signer().sign(rehashed.headerDigest().toByteArray()))),
                sealed.payload(),
                sealed.recipients());
        assertOpens(pki, ErrorCode.CERTIFICATE_INVALID, resigned);

        // A consortium member who re-signs someone else's envelope changes the authenticated data.
        Identity insider = pki.hospitalCa().issue(TestPki.profile("insider", "hospital"));
        SealedBill hijacked = new SealedBill(
                rehashed,
                new SignerSignature(
                        encoded(insider),
                        Bytes.of(insider.signer().sign(rehashed.headerDigest().toByteArray()))),
                sealed.payload(),
                sealed.recipients());
        assertOpens(pki, ErrorCode.DECRYPTION_FAILED, hijacked);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void aDishonestSignersEnvelopeIsCaughtAfterDecryption(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        Bill bill = SampleBills.outpatient(3, USCC);
        byte[] plaintext = CanonicalJson.encode(bill);
        var signer = pki.hospital().signer();

        SealedBill wrongDigest = BillSealer.assemble(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                bill.issuedAt(),
                Bytes.of(suite.digest("another bill".getBytes(StandardCharsets.UTF_8))),
                plaintext,
                signer,
                pki.recipients());
        assertOpens(pki, ErrorCode.PAYLOAD_DIGEST_MISMATCH, wrongDigest);

        SealedBill otherId = BillSealer.assemble(
                bill.billCode(),
                bill.billId() + "-2",
                bill.issuerId(),
                bill.issuedAt(),
                Bytes.of(suite.digest(plaintext)),
                plaintext,
                signer,
                pki.recipients());
        assertOpens(pki, ErrorCode.HEADER_PAYLOAD_MISMATCH, otherId);

        ObjectNode broken = (ObjectNode) Json.mapper().valueToTree(bill);
        broken.put("total", bill.total() + 1);
        byte[] badPlaintext = CanonicalJson.encode(broken);
        SealedBill invalid = BillSealer.assemble(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                bill.issuedAt(),
                Bytes.of(suite.digest(badPlaintext)),
                badPlaintext,
                signer,
                pki.recipients());
        assertOpens(pki, ErrorCode.INVALID_BILL, invalid);

        byte[] notJson = "not a bill".getBytes(StandardCharsets.UTF_8);
        SealedBill garbage = BillSealer.assemble(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                bill.issuedAt(),
                Bytes.of(suite.digest(notJson)),
                notJson,
                signer,
                pki.recipients());
        assertOpens(pki, ErrorCode.MALFORMED, garbage);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void wireLevelHeaderChangesHaveTheirOwnCodes(CryptoSuite suite) throws ProtocolException {
        TestPki pki = TestPki.of(suite);
        byte[] wire = BillSealer.seal(
                        SampleBills.outpatient(4, USCC), pki.hospital().signer(), pki.recipients())
                .toJson();

        assertWire(wire, pki, ErrorCode.UNSUPPORTED_VERSION, t -> header(t).put("version", 2));
        assertWire(wire, pki, ErrorCode.UNSUPPORTED_VERSION, t -> header(t).put("version", 4_000_000_000L));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> header(t).put("version", "1"));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> header(t).put("version", 1.5));
        assertWire(wire, pki, ErrorCode.UNSUPPORTED_SUITE, t -> header(t).put("suite", "RSA"));
        assertWire(wire, pki, ErrorCode.UNSUPPORTED_SUITE, t -> header(t).put("suite", "intl"));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> header(t).put("extra", "field"));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> header(t).remove("billId"));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> t.remove("signer"));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> t.putArray("recipients"));
        assertWire(wire, pki, ErrorCode.MALFORMED, t -> header(t).put("payloadDigest", "AAAA===="));

        String json = new String(wire, StandardCharsets.UTF_8);
        String duplicated = json.replaceFirst("\\{\"header\":\\{", "{\"header\":{\"billId\":\"dup\",");
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(
                                duplicated.getBytes(StandardCharsets.UTF_8),
                                pki.finance().recipientKey()),
                ErrorCode.MALFORMED);
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(
                                (json + " {}").getBytes(StandardCharsets.UTF_8),
                                pki.finance().recipientKey()),
                ErrorCode.MALFORMED);
    }

    private static ErrorCode expectedCode(List<Span> spans, int index, String tampered, String ownFingerprint) {
        for (Span span : spans) {
            if (index < span.start() || index >= span.end()) {
                continue;
            }
            char flipped = tampered.charAt(index);
            if (flipped == '"' || flipped == '\\') {
                return ErrorCode.MALFORMED; // the string itself no longer parses
            }
            String value = tampered.substring(span.start(), span.end());
            String path = span.path();
            if (path.equals("header.version")) {
                return ErrorCode.UNSUPPORTED_VERSION;
            }
            if (path.equals("header.suite")) {
                return ErrorCode.UNSUPPORTED_SUITE;
            }
            if (path.endsWith(".fingerprint")) {
                return span.original().equals(ownFingerprint) ? ErrorCode.NOT_A_RECIPIENT : ErrorCode.DECRYPTION_FAILED;
            }
            boolean binary = !path.equals("header.billCode")
                    && !path.equals("header.billId")
                    && !path.equals("header.issuerId")
                    && !path.equals("header.issuedAt");
            if (binary && !isCanonicalBase64Url(value)) {
                return ErrorCode.MALFORMED;
            }
            if (path.startsWith("header.")) {
                return ErrorCode.HEADER_DIGEST_MISMATCH;
            }
            return switch (path) {
                case "signer.certificate" -> ErrorCode.CERTIFICATE_INVALID;
                case "signer.signature" -> ErrorCode.BAD_SIGNATURE;
                default -> ErrorCode.DECRYPTION_FAILED; // payload.*, recipients[*].ephemeralKey / wrappedKey
            };
        }
        return ErrorCode.MALFORMED; // punctuation, quotes and member names
    }

    /** An independent check with the JDK's decoder: valid alphabet and the one canonical spelling. */
    private static boolean isCanonicalBase64Url(String value) {
        if (!value.matches("[A-Za-z0-9_-]*")) {
            return false;
        }
        try {
            byte[] decoded = Base64.getUrlDecoder().decode(value);
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(decoded)
                    .equals(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void assertOpens(TestPki pki, ErrorCode code, SealedBill tampered) {
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(tampered, pki.finance().recipientKey()),
                code);
        if (code != ErrorCode.UNSUPPORTED_VERSION) {
            // and the same through the wire form
            assertCode(
                    () -> BillOpener.trusting(pki.trust())
                            .open(tampered.toJson(), pki.finance().recipientKey()),
                    code);
        }
    }

    private static void assertWire(byte[] wire, TestPki pki, ErrorCode code, Consumer<ObjectNode> change)
            throws ProtocolException {
        ObjectNode tree = (ObjectNode) Json.readTree(wire);
        change.accept(tree);
        byte[] changed = CanonicalJson.encode(tree);
        assertCode(
                () -> BillOpener.trusting(pki.trust())
                        .open(changed, pki.finance().recipientKey()),
                code);
    }

    private static ObjectNode header(ObjectNode tree) {
        return (ObjectNode) tree.get("header");
    }

    private static SealedBill withHeader(SealedBill sealed, SealedBillHeader header) {
        return new SealedBill(header, sealed.signer(), sealed.payload(), sealed.recipients());
    }

    private static SealedBillHeader redigest(SealedBillHeader h) {
        return new SealedBillHeader(
                h.version(),
                h.suite(),
                h.billCode(),
                h.billId(),
                h.issuerId(),
                h.issuedAt(),
                h.payloadDigest(),
                h.computeDigest());
    }

    private static Bytes encoded(Identity identity) {
        try {
            return Bytes.of(identity.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new AssertionError(e);
        }
    }

    /** Where a scalar value sits in the wire text (between its quotes, for strings). */
    record Span(String path, int start, int end, String original) {}

    /** A minimal scanner for the compact canonical wire form, recording each scalar's span and path. */
    static final class WireScanner {
        private final String text;
        private final List<Span> spans = new ArrayList<>();
        private int pos;

        WireScanner(String text) {
            this.text = text;
        }

        List<Span> scan() {
            value("");
            return spans;
        }

        private void value(String path) {
            char c = text.charAt(pos);
            if (c == '{') {
                pos++;
                while (text.charAt(pos) != '}') {
                    String name = string(null);
                    pos++; // ':'
                    value(path.isEmpty() ? name : path + "." + name);
                    if (text.charAt(pos) == ',') {
                        pos++;
                    }
                }
                pos++;
            } else if (c == '[') {
                pos++;
                for (int i = 0; text.charAt(pos) != ']'; i++) {
                    value(path + "[" + i + "]");
                    if (text.charAt(pos) == ',') {
                        pos++;
                    }
                }
                pos++;
            } else if (c == '"') {
                string(path);
            } else {
                int start = pos;
                while (pos < text.length() && "-0123456789.eE+".indexOf(text.charAt(pos)) >= 0) {
                    pos++;
                }
                spans.add(new Span(path, start, pos, text.substring(start, pos)));
            }
        }

        private String string(String path) {
            int start = ++pos;
            while (text.charAt(pos) != '"') {
                pos++;
            }
            String value = text.substring(start, pos);
            if (path != null) {
                spans.add(new Span(path, start, pos, value));
            }
            pos++;
            return value;
        }
    }
}
