package io.fapiao.hisadapter.submission;

import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.hisadapter.bill.BillVault;
import io.fapiao.hisadapter.status.LedgerSteps;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger decides: when the ledger already holds a bill this adapter is still trying to submit (it
 * answered {@code BILL_CONFLICT}, or a {@code BillSubmitted} event matched the bill before the adapter
 * knew its envelope had been committed), this reads the ledger's bill and, <b>if the envelope there is
 * this adapter's own</b>, adopts it:
 * <ul>
 *   <li>the ledger's envelope becomes the bill's stored envelope (so it is never sealed again);</li>
 *   <li>the bill is SUBMITTED with the ledger's submission transaction, then brought up to the ledger's
 *       current state ({@link LedgerSteps}: VERIFIED or REJECTED, ISSUED with its invoice number, CLAIMED,
 *       REVERSED), each step recorded and notified to the hospital as any transition is;</li>
 *   <li>its outbox row is removed.</li>
 * </ul>
 * The envelope is this adapter's own when its header's {@code payloadDigest} is the suite's hash of the
 * canonical bill this adapter stored (the same content) <em>and</em> the ledger recorded it as signed
 * by the certificate this adapter seals the submitter's bills with ({@link BillSealing#signerFingerprint}).
 * That is what is left of this adapter's earlier submission when its local record was lost (a crash
 * between the ledger's commit and the local write, or an envelope sealed a second time: sealing draws
 * fresh content keys, so a second sealing never equals the first). Anything else (other content under
 * the same bill id, or another signer) is {@link Outcome#NOT_OURS}: a real conflict.
 *
 * <p>The bill's row stays locked from before the ledger is read until the adoption commits, so the
 * status feed, which locks the row too, either records its event before (and the read sees the step)
 * or after (and finds the bill SUBMITTED, ready for the step): no event falls between.
 *
 * <pre>{@code
 * switch (adoption.adopt(billKey, true)) {
 *     case ADOPTED -> {}                                // the bill follows the ledger now
 *     case NOT_OURS -> fail(billKey, "BILL_CONFLICT");  // someone else's bill, or other content
 *     case GONE -> {}
 * }
 * }</pre>
 */
public final class BillAdoption {
    private static final Logger LOG = LoggerFactory.getLogger(BillAdoption.class);

    private final SubmissionOutbox outbox;
    private final BillSealing sealing;
    private final BillVault vault;
    private final BillJournal journal;
    private final FapiaoLedger ledger;
    private final TransactionTemplate transactions;
    private final PlatformTransactionManager manager;

    public BillAdoption(
            SubmissionOutbox outbox,
            BillSealing sealing,
            BillVault vault,
            BillJournal journal,
            FapiaoLedger ledger,
            TransactionTemplate transactions) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.sealing = Objects.requireNonNull(sealing, "sealing");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.manager = Objects.requireNonNull(transactions.getTransactionManager(), "transaction manager");
    }

    /** What {@link #adopt} found. */
    public enum Outcome {
        /** The ledger's bill was this adapter's; the local bill follows it now. */
        ADOPTED,
        /** The ledger's bill is someone else's or other content: a real conflict; nothing was written. */
        NOT_OURS,
        /** The bill is no longer stored here; nothing to do. */
        GONE
    }

    /**
     * Reads the ledger's bill and adopts it if it is this adapter's own, in one transaction.
     *
     * @param countAttempt whether a submission attempt led here (a refused submit): it is counted, as a
     *                     success, with the adoption
     * @throws LedgerException   when the ledger cannot be read; nothing was written, try again later
     * @throws ProtocolException when the stored bill does not parse (it did at intake)
     */
    public Outcome adopt(String billKey, boolean countAttempt) throws LedgerException, ProtocolException {
        TransactionStatus transaction = manager.getTransaction(transactions);
        Outcome outcome;
        try {
            outcome = adoptLocked(billKey, countAttempt);
        } catch (LedgerException | ProtocolException | RuntimeException | Error e) {
            manager.rollback(transaction);
            throw e;
        }
        manager.commit(transaction);
        return outcome;
    }

    private Outcome adoptLocked(String billKey, boolean countAttempt) throws LedgerException, ProtocolException {
        if (journal.lock(billKey) == null) {
            return Outcome.GONE;
        }
        Optional<SubmissionOutbox.Pending> found = outbox.pending(billKey);
        if (found.isEmpty()) {
            return Outcome.GONE;
        }
        SubmissionOutbox.Pending pending = found.get();
        StoredBill stored = ledger.bill(BillKey.parse(billKey));
        BillRecord record = stored.bill();
        SealedBill envelope;
        try {
            envelope = stored.envelope();
        } catch (ProtocolException e) {
            // The ledger checked it at submission; one it cannot give back readable is nobody's to adopt.
            LOG.warn("bill {}: the ledger's envelope does not read ({}); not adopting it", billKey, e.code());
            return Outcome.NOT_OURS;
        }
        if (!ours(pending, record, envelope.header())) {
            return Outcome.NOT_OURS;
        }
        byte[] sealed = envelope.toJson();
        if (pending.sealedBill() == null || !Arrays.equals(pending.sealedBill(), sealed)) {
            outbox.adoptEnvelope(
                    billKey, sealed, envelope.header().headerDigest().base64Url());
            LOG.info(
                    "bill {}: the ledger holds this adapter's own envelope (tx {}); it replaces the one stored here",
                    billKey,
                    record.submitted().txId());
        }
        InvoiceRecord invoice = record.invoiceNumber() == null ? null : ledger.invoice(record.invoiceNumber());
        LedgerSteps.of(record, invoice).forEach(step -> journal.record(billKey, step));
        if (countAttempt) {
            outbox.countAttempt(billKey, null);
        }
        outbox.remove(billKey);
        LOG.info("bill {} follows the ledger: {}", billKey, journal.lock(billKey));
        return Outcome.ADOPTED;
    }

    /** Same content (payload digest) and signed with this adapter's seal for the submitter. */
    private boolean ours(SubmissionOutbox.Pending pending, BillRecord record, SealedBillHeader header)
            throws ProtocolException {
        CryptoSuite suite = header.suite();
        if (suite != pending.suite()) {
            return false;
        }
        byte[] canonical =
                Bill.parse(vault.open(pending.billKey(), pending.storedBill())).toCanonicalJson();
        boolean sameContent = MessageDigest.isEqual(
                suite.digest(canonical), header.payloadDigest().toByteArray());
        boolean signedHere = sealing.signerFingerprint(suite, header.issuerId())
                .map(own -> own.equals(record.signerFingerprint()))
                .orElse(false);
        if (!sameContent) {
            LOG.warn("bill {}: the ledger holds other content under this bill id", pending.billKey());
        } else if (!signedHere) {
            LOG.warn(
                    "bill {}: the ledger's bill is signed by {}, not by this adapter's seal for {}",
                    pending.billKey(),
                    record.signerFingerprint(),
                    header.issuerId());
        }
        return sameContent && signedHere;
    }

    @Override
    public String toString() {
        return "BillAdoption";
    }
}
