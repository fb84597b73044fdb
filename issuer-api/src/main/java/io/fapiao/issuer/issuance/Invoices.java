package io.fapiao.issuer.issuance;

import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The invoices this service issued, blue and red, by number or by bill.
 *
 * <pre>{@code
 * Optional<Invoice> local = invoices.find("44010126-0000000001");       // this service's records only
 * Optional<Invoice> fresh = invoices.current("44010126-0000000001");    // plus the ledger's state and claim
 * }</pre>
 */
@Service
public class Invoices {
    private final IssuanceRecords records;
    private final ReversalRecords reversals;
    private final Numbering numbering;
    private final FapiaoLedger ledger;

    Invoices(IssuanceRecords records, ReversalRecords reversals, Numbering numbering, FapiaoLedger ledger) {
        this.records = records;
        this.reversals = reversals;
        this.numbering = numbering;
        this.ledger = ledger;
    }

    /** The invoice {@code invoiceNumber} as this service recorded it; empty unless issued (or reversed) here. */
    public Optional<Invoice> find(String invoiceNumber) {
        Optional<IssuanceStatus> blue = records.byNumber(invoiceNumber).filter(s -> s.state() == IssuanceState.ISSUED);
        if (blue.isPresent()) {
            IssuanceStatus issued = blue.get();
            Optional<ReversalStatus> reversal =
                    reversals.find(invoiceNumber).filter(r -> r.state() == IssuanceState.ISSUED);
            return Optional.of(new Invoice(
                    invoiceNumber,
                    InvoiceKind.BLUE,
                    reversal.isPresent() ? InvoiceState.REVERSED : InvoiceState.ISSUED,
                    issued.billKey(),
                    issued.checkCode(),
                    issued.documentHash(),
                    issued.transactionId(),
                    issued.blockNumber(),
                    takenAt(invoiceNumber),
                    issued.origin(),
                    reversal.map(ReversalStatus::redInvoiceNumber).orElse(null),
                    null,
                    reversal.map(ReversalStatus::reasonCode).orElse(null),
                    null,
                    false));
        }
        return reversals
                .byRedNumber(invoiceNumber)
                .filter(r -> r.state() == IssuanceState.ISSUED)
                .map(red -> new Invoice(
                        invoiceNumber,
                        InvoiceKind.RED,
                        InvoiceState.ISSUED,
                        records.byNumber(red.invoiceNumber())
                                .map(IssuanceStatus::billKey)
                                .orElse(null),
                        null,
                        red.documentHash(),
                        red.transactionId(),
                        red.blockNumber(),
                        takenAt(invoiceNumber),
                        "HERE",
                        null,
                        red.invoiceNumber(),
                        red.reasonCode(),
                        null,
                        false));
    }

    /** The invoice issued for {@code billKey}, if this service issued it. */
    public Optional<Invoice> forBill(BillKey billKey) {
        return records.find(billKey.toString())
                .filter(s -> s.state() == IssuanceState.ISSUED)
                .flatMap(s -> find(s.invoiceNumber()));
    }

    /**
     * {@link #find} with the ledger's current state (ISSUED, CLAIMED, REVERSED) and claim.
     *
     * @throws LedgerException when the ledger cannot be read
     */
    public Optional<Invoice> current(String invoiceNumber) throws LedgerException {
        Optional<Invoice> local = find(invoiceNumber);
        if (local.isEmpty()) {
            return local;
        }
        Invoice invoice = local.get();
        InvoiceRecord onLedger = ledger.invoice(invoiceNumber);
        return Optional.of(new Invoice(
                invoice.invoiceNumber(),
                invoice.kind(),
                onLedger.state(),
                invoice.billKey(),
                invoice.checkCode(),
                invoice.documentHash(),
                invoice.transactionId(),
                invoice.blockNumber(),
                invoice.issuedAt(),
                invoice.origin(),
                onLedger.reversal() == null
                        ? invoice.reversedBy()
                        : onLedger.reversal().redInvoiceNumber(),
                invoice.reverses(),
                invoice.reasonCode(),
                onLedger.claim(),
                true));
    }

    private Instant takenAt(String invoiceNumber) {
        return numbering.find(invoiceNumber).map(TakenNumber::takenAt).orElse(null);
    }
}
