package io.fapiao.issuer.document;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The three kinds of invoice document (a medical e-bill, a VAT invoice from an invoice request, a
 * red-letter reversal), each from fixed inputs and signed with a fixed key: the issuer key of the
 * committed test vectors ({@code docs/test-vectors/<suite>/pki/issuer.*}), so that a document, its
 * hash and its PDF are the same in every run (the golden images depend on it).
 */
final class SampleInvoices {
    /** The test vectors, from the module folder the tests run in; {@code -Dfapiao.vectors} overrides it. */
    private static final Path VECTORS = Path.of(System.getProperty("fapiao.vectors", "../docs/test-vectors"));

    private static final InvoiceContent.Issuer ISSUER =
            new InvoiceContent.Issuer("issuer1", "Fapiao Test Issuer", "IssuerOrgMSP");

    enum Kind {
        MEDICAL,
        VAT,
        RED
    }

    private SampleInvoices() {}

    /** The test vectors' issuer key of {@code suite}, read from its PEM files. */
    static Signer signer(CryptoSuite suite) throws IOException, ProtocolException {
        Path pki = VECTORS.resolve(suite.name()).resolve("pki");
        return Signer.of(
                Pem.privateKey(Files.readString(pki.resolve("issuer.key.pem"), StandardCharsets.US_ASCII)),
                Pem.certificate(Files.readString(pki.resolve("issuer.pem"), StandardCharsets.US_ASCII)));
    }

    /** The signed document of {@code kind}, sealed under {@code suite} with {@link #signer}. */
    static SignedInvoiceDocument document(Kind kind, CryptoSuite suite) throws IOException, ProtocolException {
        Signer signer = signer(suite);
        return SignedInvoiceDocument.sign(content(kind, suite, signer), signer);
    }

    static InvoiceContent content(Kind kind, CryptoSuite suite, Signer signer) {
        return switch (kind) {
            case MEDICAL -> medical(suite);
            case VAT -> vat(suite);
            case RED -> {
                InvoiceContent blue = medical(suite);
                yield blue.redLetter(SignedInvoiceDocument.sign(blue, signer).sha256(), "SALES_RETURN")
                        .numbered("44010126-0000000050", null, "2026-03-16T02:00:00Z");
            }
        };
    }

    static InvoiceContent medical(CryptoSuite suite) {
        Bill bill = SampleBills.inpatient(11, SampleBills.uscc(1));
        return InvoiceContent.of(
                        bill,
                        bill.issuerId() + ":" + bill.billId(),
                        new InvoiceContent.Source(
                                "MEDICAL_BILL",
                                bill.billId(),
                                bill.billCode(),
                                bill.issuedAt(),
                                suite.name(),
                                "q1wE",
                                bill.payeeClerk()),
                        ISSUER)
                .numbered("44010126-0000000042", "04719382017465529301", "2026-03-15T01:30:00Z");
    }

    static InvoiceContent vat(CryptoSuite suite) {
        InvoiceRequest request = SampleBills.invoiceRequest(3, SampleBills.uscc(2));
        return InvoiceContent.of(
                        request,
                        request.seller().uscc() + ":" + request.requestId(),
                        new InvoiceContent.Source(
                                "INVOICE_REQUEST",
                                request.requestId(),
                                "VAT-REQUEST",
                                request.issuedAt(),
                                suite.name(),
                                "q1wE",
                                null),
                        ISSUER)
                .numbered("44010126-0000000044", "12345678901234567890", "2026-03-15T01:45:00Z");
    }

    /** The CJK font the tests render with (.ci/run installs it). */
    static InvoicePdf renderer() {
        return new InvoicePdf(
                new DocumentProperties(List.of(Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")), false));
    }
}
