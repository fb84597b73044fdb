package io.fapiao.protocol.seal;

import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Bytes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The clear part of a sealed bill: what anyone on the ledger may read and check without a key.
 *
 * <p>The header digest binds the fields that identify a bill. It is the suite's hash of these
 * length-prefixed fields, each a 4-byte big-endian length followed by the bytes (strings in UTF-8):
 * <ol>
 *   <li>the domain tag {@code fapiao-sealed-bill:<version>:<suite>}, e.g. {@code fapiao-sealed-bill:1:INTL};</li>
 *   <li>{@code billCode}; 3. {@code issuedAt}; 4. {@code issuerId}; 5. {@code billId};</li>
 *   <li>the 32 bytes of {@code payloadDigest}.</li>
 * </ol>
 * The length prefixes make the encoding injective (no two field lists hash the same input) and the
 * tag keeps a digest from being replayed under another version or suite.
 *
 * <pre>{@code
 * Bytes expected = header.computeDigest();
 * boolean intact = expected.equals(header.headerDigest());
 * }</pre>
 *
 * @param version       the wire format version, {@value #VERSION}
 * @param suite         the crypto suite of every operation in the envelope
 * @param billCode      the bill's type code (票据代码), or {@link InvoiceRequest#ENVELOPE_BILL_CODE} for an invoice request
 * @param billId        the bill's unique id within its issuer (an invoice request's {@code requestId})
 * @param issuerId      the issuer's unified social credit code (an invoice request's seller USCC)
 * @param issuedAt      the issue timestamp, exactly as written in the bill
 * @param payloadDigest the suite's hash of the canonical bill JSON (the plaintext)
 * @param headerDigest  the suite's hash of the fields above, as described
 */
public record SealedBillHeader(
        int version,
        CryptoSuite suite,
        String billCode,
        String billId,
        String issuerId,
        String issuedAt,
        Bytes payloadDigest,
        Bytes headerDigest) {

    /** The one format version this implementation writes and reads. */
    public static final int VERSION = 1;

    /**
     * Whether the envelope carries an {@link InvoiceRequest} (its {@code billCode} is
     * {@link InvoiceRequest#ENVELOPE_BILL_CODE}) rather than a medical {@link io.fapiao.protocol.bill.Bill}.
     * Read from the header alone, so the ledger and a dispatcher can tell the two apart without a key;
     * the header digest and signature cover {@code billCode}, and opening checks that the payload agrees.
     */
    public boolean carriesInvoiceRequest() {
        return InvoiceRequest.ENVELOPE_BILL_CODE.equals(billCode);
    }

    /** The header digest these fields call for; compare it with {@link #headerDigest()}. */
    public Bytes computeDigest() {
        return Bytes.of(suite.digest(
                digestInput(version, suite, billCode, issuedAt, issuerId, billId, payloadDigest.toByteArray())));
    }

    /** The exact bytes the header digest hashes; public so that test vectors can show them. */
    public static byte[] digestInput(
            int version,
            CryptoSuite suite,
            String billCode,
            String issuedAt,
            String issuerId,
            String billId,
            byte[] payloadDigest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, ("fapiao-sealed-bill:" + version + ":" + suite.name()).getBytes(StandardCharsets.UTF_8));
        field(out, billCode.getBytes(StandardCharsets.UTF_8));
        field(out, issuedAt.getBytes(StandardCharsets.UTF_8));
        field(out, issuerId.getBytes(StandardCharsets.UTF_8));
        field(out, billId.getBytes(StandardCharsets.UTF_8));
        field(out, payloadDigest);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(value.length).array());
        out.writeBytes(value);
    }
}
