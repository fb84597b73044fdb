package io.fapiao.issuer.issuance;

import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceContent;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.numbering.NumberPurpose;
import io.fapiao.issuer.numbering.Numbering;
import io.fapiao.issuer.numbering.NumberingException;
import io.fapiao.issuer.numbering.TakenNumber;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.StoredBill;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps issuing and reversing share, each failing with an {@link IssuanceException} that names
 * the step: read a bill or an invoice from the ledger, take a number, seal a document, and run a
 * subject's work under its lock outside any caller's transaction.
 *
 * <pre>{@code
 * return steps.outside("bill:" + billKey, () -> {
 *     StoredBill stored = steps.readBill(billKey);
 *     TakenNumber number = steps.take(NumberPurpose.BLUE, billKey.toString());
 *     ...
 * });
 * }</pre>
 */
@Component
class IssuanceSteps {
    private final FapiaoLedger ledger;
    private final Numbering numbering;
    private final Documents documents;
    private final IssuerKeys keys;
    private final TransactionTemplate outsideTransactions;
    private final ReentrantLock[] stripes = new ReentrantLock[64];

    IssuanceSteps(
            FapiaoLedger ledger,
            Numbering numbering,
            Documents documents,
            IssuerKeys keys,
            PlatformTransactionManager transactions) {
        this.ledger = ledger;
        this.numbering = numbering;
        this.documents = documents;
        this.keys = keys;
        // Each step commits on its own, before the ledger hears of it, even when the caller is inside a
        // transaction (an event consumer's checkpoint): a promise rolled back after the ledger acted on it
        // would be a number used twice.
        this.outsideTransactions = new TransactionTemplate(transactions);
        this.outsideTransactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    TakenNumber take(NumberPurpose purpose, String subject) throws IssuanceException {
        try {
            return numbering.take(purpose, subject);
        } catch (NumberingException e) {
            throw new IssuanceException(e.code(), IssuanceException.Step.TAKE_NUMBER, e.retryable(), e.getMessage(), e);
        }
    }

    StoredDocument seal(String subject, InvoiceContent content, TakenNumber number) throws IssuanceException {
        try {
            return documents.seal(
                    content,
                    keys.documentSigner(CryptoSuite.valueOf(content.source().suite())));
        } catch (RuntimeException e) {
            throw new IssuanceException(
                    "DOCUMENT_FAILED",
                    IssuanceException.Step.SEAL_DOCUMENT,
                    true,
                    "the document of " + number.invoiceNumber() + " for " + subject + " could not be signed or "
                            + "stored: " + e.getMessage(),
                    e);
        }
    }

    StoredBill readBill(BillKey billKey) throws IssuanceException {
        try {
            return ledger.bill(billKey);
        } catch (ChaincodeRejection e) {
            throw new IssuanceException(
                    "NOT_FOUND".equals(e.code()) ? "BILL_NOT_FOUND" : e.code(),
                    IssuanceException.Step.READ_LEDGER,
                    false,
                    "bill " + billKey + ": " + e.getMessage(),
                    e);
        } catch (LedgerException e) {
            throw new IssuanceException(
                    "LEDGER_UNAVAILABLE",
                    IssuanceException.Step.READ_LEDGER,
                    true,
                    "cannot read bill " + billKey + " from the ledger: " + e.getMessage(),
                    e);
        }
    }

    InvoiceRecord readInvoice(String number) throws IssuanceException {
        return invoiceOnLedger(number)
                .orElseThrow(() -> new IssuanceException(
                        "INVOICE_NOT_FOUND",
                        IssuanceException.Step.READ_LEDGER,
                        false,
                        "no invoice " + number + " on the ledger"));
    }

    Optional<InvoiceRecord> invoiceOnLedger(String number) throws IssuanceException {
        try {
            return Optional.of(ledger.invoice(number));
        } catch (ChaincodeRejection e) {
            if ("NOT_FOUND".equals(e.code())) {
                return Optional.empty();
            }
            throw new IssuanceException(
                    e.code(),
                    IssuanceException.Step.READ_LEDGER,
                    false,
                    "cannot read invoice " + number + ": " + e.getMessage(),
                    e);
        } catch (LedgerException e) {
            throw new IssuanceException(
                    "LEDGER_UNAVAILABLE",
                    IssuanceException.Step.READ_LEDGER,
                    true,
                    "cannot read invoice " + number + " from the ledger: " + e.getMessage(),
                    e);
        }
    }

    /** Work that may fail with an {@link IssuanceException}. */
    interface Work<T> {
        T run() throws IssuanceException;
    }

    /** Runs {@code work} outside any caller's transaction, holding the lock of {@code subject}. */
    <T> T outside(String subject, Work<T> work) throws IssuanceException {
        ReentrantLock lock = stripes[Math.floorMod(subject.hashCode(), stripes.length)];
        try {
            return outsideTransactions.execute(status -> {
                lock.lock();
                try {
                    return work.run();
                } catch (IssuanceException e) {
                    throw new WorkFailed(e);
                } finally {
                    lock.unlock();
                }
            });
        } catch (WorkFailed failed) {
            throw failed.failure;
        }
    }

    /** Work inside a transaction callback failed: carries its {@link IssuanceException} out of the callback. */
    private static final class WorkFailed extends RuntimeException {
        private final IssuanceException failure;

        WorkFailed(IssuanceException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
