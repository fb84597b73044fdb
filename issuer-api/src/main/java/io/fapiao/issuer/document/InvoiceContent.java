package io.fapiao.issuer.document;

import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import java.util.List;

/**
 * What an invoice document certifies: the number and check code, who issued it, for which bill, to
 * whom, what for and how much. It is the {@code invoice} member of the {@link SignedInvoiceDocument};
 * money is integer fen (negative on a red-letter invoice), quantities and prices decimal strings as
 * the bill gave them. Absent members (null) are left out of the JSON.
 *
 * <pre>{@code
 * InvoiceContent blue = InvoiceContent.of(bill, billKey, source, issuer)
 *         .numbered("44010126-0000000001", "04719382017465529301", "2026-03-15T01:30:00Z");
 * }</pre>
 *
 * @param kind          BLUE (an invoice) or RED (a red-letter invoice reversing one)
 * @param invoiceNumber {@code <series>-<year>-<sequence>}
 * @param checkCode     20 digits (blue only)
 * @param issuedAt      when the number was taken, an ISO-8601 instant in whole seconds
 * @param issuer        the issuing service's issuer id, name and MSP
 * @param billKey       the ledger's bill key {@code <uscc>:<billId>}
 * @param source        the bill or invoice request the invoice was made from
 * @param seller        who was paid: the hospital, or the request's seller
 * @param buyer         who paid: the patient, or the request's buyer
 * @param lines         the items, in the bill's order
 * @param totals        the sums
 * @param settlement    how a medical bill was settled (pooled fund, personal account, cash); null otherwise
 * @param remarks       the bill's remarks, or null
 * @param reverses      for a red-letter invoice: the invoice it reverses and why
 */
public record InvoiceContent(
        String kind,
        String invoiceNumber,
        String checkCode,
        String issuedAt,
        Issuer issuer,
        String billKey,
        Source source,
        Party seller,
        Party buyer,
        List<Line> lines,
        Totals totals,
        Settlement settlement,
        String remarks,
        Reverses reverses) {

    public InvoiceContent {
        lines = List.copyOf(lines);
    }

    /** The (not yet numbered) blue invoice of a medical bill. */
    public static InvoiceContent of(Bill bill, String billKey, Source source, Issuer issuer) {
        List<Line> lines = bill.items().stream()
                .map(i -> new Line(i.code(), i.name(), i.category(), i.quantity(), i.unitPrice(), null, i.amount(), 0))
                .toList();
        return new InvoiceContent(
                "BLUE",
                null,
                null,
                null,
                issuer,
                billKey,
                source,
                new Party(bill.issuerName(), bill.issuerId(), null, null),
                new Party(
                        bill.payer().name(),
                        null,
                        bill.payer().idType(),
                        bill.payer().idNumber()),
                lines,
                new Totals(bill.total(), 0, bill.total()),
                new Settlement(
                        bill.insurance().fundPaid(),
                        bill.insurance().personalAccount(),
                        bill.insurance().personalCash()),
                bill.remarks(),
                null);
    }

    /** The (not yet numbered) blue invoice of an invoice request. */
    public static InvoiceContent of(InvoiceRequest request, String billKey, Source source, Issuer issuer) {
        List<Line> lines = request.lines().stream()
                .map(l -> new Line(null, l.name(), null, l.quantity(), l.unitPrice(), l.taxRate(), l.amount(), l.tax()))
                .toList();
        return new InvoiceContent(
                "BLUE",
                null,
                null,
                null,
                issuer,
                billKey,
                source,
                new Party(request.seller().name(), request.seller().uscc(), null, null),
                new Party(request.buyer().name(), request.buyer().uscc(), null, null),
                lines,
                new Totals(request.totalAmount(), request.totalTax(), request.totalWithTax()),
                null,
                request.remarks(),
                null);
    }

    /** This content under a number, check code and issue time. */
    public InvoiceContent numbered(String number, String code, String at) {
        return new InvoiceContent(
                kind,
                number,
                code,
                at,
                issuer,
                billKey,
                source,
                seller,
                buyer,
                lines,
                totals,
                settlement,
                remarks,
                reverses);
    }

    /**
     * The red-letter counterpart of this blue invoice: the same parties and lines with quantities and
     * amounts negated, no check code, and a reference to this invoice's document.
     */
    public InvoiceContent redLetter(String blueDocumentHash, String reasonCode) {
        List<Line> negated = lines.stream().map(Line::negated).toList();
        return new InvoiceContent(
                "RED",
                null,
                null,
                null,
                issuer,
                billKey,
                source,
                seller,
                buyer,
                negated,
                totals.negated(),
                settlement == null ? null : settlement.negated(),
                remarks,
                new Reverses(invoiceNumber, blueDocumentHash, reasonCode));
    }

    /**
     * The issuing service.
     *
     * @param issuerId the issuer id its number ranges are reserved under
     * @param name     its name, for people
     * @param mspId    its ledger organisation
     */
    public record Issuer(String issuerId, String name, String mspId) {}

    /**
     * The sealed bill the invoice was made from.
     *
     * @param type         MEDICAL_BILL or INVOICE_REQUEST
     * @param id           the bill id or request id
     * @param billCode     the bill's type code (票据代码; {@code VAT-REQUEST} for a request)
     * @param issuedAt     the bill's own issue time, as written in it
     * @param suite        INTL or GM, the envelope's and this document's signature suite
     * @param headerDigest the envelope's header digest, base64url, as on the ledger
     * @param clerk        the clerk who took the payment (medical bills), or null
     */
    public record Source(
            String type,
            String id,
            String billCode,
            String issuedAt,
            String suite,
            String headerDigest,
            String clerk) {}

    /**
     * A party. A person has a name and an identity document; a company a name and a USCC.
     *
     * @param name     the name
     * @param uscc     the unified social credit code, or null
     * @param idType   RESIDENT_ID, PASSPORT or OTHER, or null
     * @param idNumber that document's number, or null
     */
    public record Party(String name, String uscc, String idType, String idNumber) {}

    /**
     * One item.
     *
     * @param code      the charge code (medical bills), or null
     * @param name      the item as printed
     * @param category  the charge category (medical bills), or null
     * @param quantity  decimal string, negative on a red-letter invoice
     * @param unitPrice yuan, decimal string
     * @param taxRate   VAT rate as a decimal string (invoice requests), or null
     * @param amount    fen, excluding tax
     * @param tax       fen
     */
    public record Line(
            String code,
            String name,
            String category,
            String quantity,
            String unitPrice,
            String taxRate,
            long amount,
            long tax) {
        Line negated() {
            return new Line(
                    code,
                    name,
                    category,
                    quantity.startsWith("-") ? quantity.substring(1) : "-" + quantity,
                    unitPrice,
                    taxRate,
                    -amount,
                    -tax);
        }
    }

    /**
     * The sums, in fen.
     *
     * @param amount excluding tax
     * @param tax    the tax
     * @param total  {@code amount + tax}
     */
    public record Totals(long amount, long tax, long total) {
        Totals negated() {
            return new Totals(-amount, -tax, -total);
        }
    }

    /**
     * How a medical bill's total was paid, in fen.
     *
     * @param fundPaid        by the pooled medical-insurance fund
     * @param personalAccount from the personal insurance account
     * @param personalCash    in cash or by card
     */
    public record Settlement(long fundPaid, long personalAccount, long personalCash) {
        Settlement negated() {
            return new Settlement(-fundPaid, -personalAccount, -personalCash);
        }
    }

    /**
     * What a red-letter invoice reverses.
     *
     * @param invoiceNumber the blue invoice
     * @param documentHash  SHA-256 of the blue invoice's signed document, hex
     * @param reasonCode    why
     */
    public record Reverses(String invoiceNumber, String documentHash, String reasonCode) {}
}
