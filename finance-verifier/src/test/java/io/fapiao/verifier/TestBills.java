package io.fapiao.verifier;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.ContentKey;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.EncryptedContent;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.crypto.WrappedKey;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.seal.EncryptedPayload;
import io.fapiao.protocol.seal.Recipient;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import io.fapiao.protocol.seal.SignerSignature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bills for the verifier's tests: the protocol's sample bills re-dated to a given time (the
 * development certificates are younger than the samples' 2024/2025 dates) under fresh bill ids, and
 * envelopes a dishonest submitter could build (a correct header digest and signature around a payload
 * that breaks the rules), assembled the way the protocol's own tamper tests do.
 */
final class TestBills {
    private static final AtomicLong NEXT = new AtomicLong();
    private static final DateTimeFormatter ISSUED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private TestBills() {}

    /** {@code time} as a bill's issue time: whole seconds, Beijing offset. */
    static String issuedAt(Instant time) {
        return time.truncatedTo(ChronoUnit.SECONDS)
                .atOffset(ZoneOffset.ofHours(8))
                .format(ISSUED);
    }

    /**
     * Sample outpatient bill {@code seed} (its payer and items depend only on the seed) for {@code uscc},
     * under the name the development plan registers for it (the verifier rejects any other name).
     */
    static Bill outpatient(long seed, String uscc, Instant issued) {
        return DevelopmentConsortiumPlan.asRegistered(
                outpatient(seed, uscc, SampleBills.outpatient(seed, uscc).issuerName(), issued));
    }

    /** The same, issued under {@code issuerName}. */
    static Bill outpatient(long seed, String uscc, String issuerName, Instant issued) {
        Bill sample = SampleBills.outpatient(seed, uscc);
        return new Bill(
                sample.billCode(),
                "VT" + NEXT.incrementAndGet() + "-" + seed,
                uscc,
                issuerName,
                issuedAt(issued),
                sample.payer(),
                sample.items(),
                sample.total(),
                sample.insurance(),
                sample.payeeClerk(),
                null);
    }

    /** Sample invoice request {@code seed} from seller {@code uscc}. */
    static InvoiceRequest invoiceRequest(long seed, String uscc, Instant issued) {
        InvoiceRequest sample = SampleBills.invoiceRequest(seed, uscc);
        return new InvoiceRequest(
                "RQ" + NEXT.incrementAndGet() + "-" + seed,
                sample.seller(),
                sample.buyer(),
                issuedAt(issued),
                sample.lines(),
                sample.totalAmount(),
                sample.totalTax(),
                sample.totalWithTax(),
                null);
    }

    /** {@code bill} with its total one fen higher than its items: sealed by a signer who does not check. */
    static SealedBill wrongTotal(Bill bill, Signer signer, List<X509Certificate> recipients) {
        ObjectNode broken = Json.mapper().valueToTree(bill);
        broken.put("total", bill.total() + 1);
        return assemble(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                bill.issuedAt(),
                CanonicalJson.encode(broken),
                signer,
                recipients);
    }

    /** {@code request} with the tax of its first line one fen off. */
    static SealedBill wrongTax(InvoiceRequest request, Signer signer, List<X509Certificate> recipients) {
        ObjectNode broken = Json.mapper().valueToTree(request);
        ObjectNode line = (ObjectNode) broken.get("lines").get(0);
        line.put("tax", line.get("tax").longValue() + 1);
        broken.put("totalTax", request.totalTax() + 1);
        broken.put("totalWithTax", request.totalWithTax() + 1);
        return assemble(
                InvoiceRequest.ENVELOPE_BILL_CODE,
                request.requestId(),
                request.seller().uscc(),
                request.issuedAt(),
                CanonicalJson.encode(broken),
                signer,
                recipients);
    }

    /**
     * An envelope around any plaintext, with a correct header digest, signature and encryption: what
     * {@code BillSealer} builds, without its checks of the payload.
     */
    static SealedBill assemble(
            String billCode,
            String billId,
            String issuerId,
            String issuedAt,
            byte[] plaintext,
            Signer signer,
            List<X509Certificate> recipients) {
        try {
            CryptoSuite suite = signer.suite();
            Bytes payloadDigest = Bytes.of(suite.digest(plaintext));
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
                    Bytes.of(signer.certificate().getEncoded()),
                    Bytes.of(signer.sign(header.headerDigest().toByteArray())));
            ContentKey key = ContentKey.generate(suite);
            List<Recipient> wrapped = new ArrayList<>();
            for (X509Certificate recipient : recipients) {
                WrappedKey w = key.wrapFor(recipient);
                wrapped.add(new Recipient(
                        w.recipientFingerprint(),
                        w.ephemeralKey().length == 0 ? null : Bytes.of(w.ephemeralKey()),
                        Bytes.of(w.wrappedKey())));
            }
            // The payload's associated data, as docs/protocol.md defines it: the canonical header and recipients.
            ObjectNode aad = Json.mapper().createObjectNode();
            aad.set("header", Json.mapper().valueToTree(header));
            aad.set("recipients", Json.mapper().valueToTree(wrapped));
            EncryptedContent content = key.encrypt(plaintext, CanonicalJson.encode(aad));
            return new SealedBill(
                    header,
                    signature,
                    new EncryptedPayload(Bytes.of(content.nonce()), Bytes.of(content.ciphertext())),
                    wrapped);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
