package io.fapiao.issuer.issuance;

import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.numbering.NumberingProperties;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.BillOpener;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import org.springframework.stereotype.Component;

/**
 * Opens a bill as stored on the ledger with the issuer's key for its suite and turns it into the
 * content of its (not yet numbered) invoice: from the medical bill, or from the invoice request the
 * envelope carries. Every check of {@link BillOpener} applies; a bill that fails one is refused with
 * {@code ENVELOPE_UNREADABLE} and the protocol's code in the message.
 *
 * <pre>{@code
 * InvoiceContent content = contents.open(fapiaoLedger.bill(billKey));
 * }</pre>
 */
@Component
public class BillContents {
    private final IssuerKeys keys;
    private final InvoiceContent.Issuer issuer;

    BillContents(IssuerKeys keys, IssuerProperties properties, NumberingProperties numbering, FapiaoLedger ledger) {
        this.keys = keys;
        this.issuer = new InvoiceContent.Issuer(
                numbering.issuerId(),
                properties.name(),
                ledger.ledger().settings().mspId());
    }

    /** The invoice content of {@code stored}, opened and checked. */
    public InvoiceContent open(StoredBill stored) throws IssuanceException {
        String billKey = stored.bill().billKey();
        try {
            SealedBill envelope = stored.envelope();
            SealedBillHeader header = envelope.header();
            CryptoSuite suite = header.suite();
            BillOpener opener = keys.opener();
            if (header.carriesInvoiceRequest()) {
                InvoiceRequest request = opener.openInvoiceRequest(envelope, keys.recipientKey(suite))
                        .request();
                return InvoiceContent.of(request, billKey, source("INVOICE_REQUEST", header, stored, null), issuer);
            }
            Bill bill = opener.open(envelope, keys.recipientKey(suite)).bill();
            return InvoiceContent.of(bill, billKey, source("MEDICAL_BILL", header, stored, bill.payeeClerk()), issuer);
        } catch (ProtocolException e) {
            throw new IssuanceException(
                    "ENVELOPE_UNREADABLE",
                    IssuanceException.Step.OPEN_ENVELOPE,
                    false,
                    "bill " + billKey + " cannot be opened by the issuer: " + e.code() + ": " + e.getMessage(),
                    e);
        }
    }

    private static InvoiceContent.Source source(String type, SealedBillHeader header, StoredBill stored, String clerk) {
        return new InvoiceContent.Source(
                type,
                header.billId(),
                header.billCode(),
                header.issuedAt(),
                header.suite().name(),
                stored.bill().headerDigest(),
                clerk);
    }
}
