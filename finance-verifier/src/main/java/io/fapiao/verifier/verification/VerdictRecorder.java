package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.events.EventHandler;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.ledger.Verification;
import io.fapiao.protocol.statement.VerdictStatement;
import io.fapiao.verifier.verdicts.StoredVerdict;
import io.fapiao.verifier.verdicts.VerdictStore;
import io.fapiao.verifier.verification.BillVerifier.Inspection;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Handles each {@code BillSubmitted} event: reads the bill from the ledger ({@code GetBill}), has the
 * {@link BillVerifier} decide, signs the {@link VerdictStatement} with the bureau's ledger identity,
 * records it ({@code RecordVerification}) and stores it locally. It runs inside the event checkpoint's
 * database transaction ({@link io.fapiao.service.checkpoint.JdbcEventCheckpoint}), so the local row,
 * the duplicate print and the new checkpoint position commit together or not at all.
 *
 * <p>Idempotent: if the service stops after the ledger committed a verdict and before the local
 * commit, the event comes again; the bill is then no longer SUBMITTED ({@code GetBill} says so, or
 * RecordVerification answers {@code INVALID_STATE}), and the verdict already on the ledger is stored
 * locally instead of deciding again. A transient ledger failure, unreadable revocation lists or a
 * missing opening key throw, and the consumer tries the same event again later: no bill is skipped.
 *
 * <pre>{@code
 * new EventConsumer("finance-verifier", ledger, new JdbcEventCheckpoint(jdbc, tx, "finance-verifier"), recorder);
 * }</pre>
 */
public final class VerdictRecorder implements EventHandler {
    /** The event the verifier acts on; it ignores the others. */
    public static final String BILL_SUBMITTED = "BillSubmitted";
    private static final Logger LOG = LoggerFactory.getLogger(VerdictRecorder.class);

    private final FapiaoLedger ledger;
    private final BillVerifier verifier;
    private final Signer signer;
    private final VerdictStore verdicts;
    private final DuplicateIndex duplicates;
    private final Clock clock;
    private final String fingerprint;

    public VerdictRecorder(FapiaoLedger ledger, BillVerifier verifier, Signer signer, X509Certificate certificate,
            VerdictStore verdicts, DuplicateIndex duplicates, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.verdicts = Objects.requireNonNull(verdicts, "verdicts");
        this.duplicates = Objects.requireNonNull(duplicates, "duplicates");
        this.clock = Objects.requireNonNull(clock, "clock");
        // The contract's fingerprint: SHA-256 of the DER whatever the key, as in the bill record.
        this.fingerprint = CryptoSuite.INTL.fingerprint(certificate);
    }

    @Override
    public void handle(LedgerEvent event) throws Exception {
        if (!BILL_SUBMITTED.equals(event.name())) {
            return;
        }
        String billKey = billKeyOf(event);
        if (verdicts.find(billKey).isPresent()) {
            return; // stored with an earlier event of the same bill
        }
        StoredBill stored = ledger.bill(BillKey.parse(billKey));
        Inspection inspection = verifier.inspect(stored);
        BillRecord bill = stored.bill();
        if (bill.state() != BillState.SUBMITTED) {
            keepLedgerVerdict(event, bill, inspection);
            return;
        }
        Verdict verdict = inspection.verdict();
        byte[] signature = new VerdictStatement(billKey, bill.headerDigest(), verdict.outcome().name(),
                verdict.reasonCodes()).sign(signer);
        Recorded<BillRecord> recorded;
        try {
            recorded = ledger.recordVerification(BillKey.parse(billKey), verdict.outcome().name(),
                    verdict.reasonCodes(), signature);
        } catch (ChaincodeRejection e) {
            if (!e.code().equals("INVALID_STATE")) {
                throw e;
            }
            keepLedgerVerdict(event, ledger.bill(BillKey.parse(billKey)).bill(), inspection);
            return;
        }
        Verification on = recorded.value().verification();
        verdicts.insert(new StoredVerdict(0, billKey, kindOf(verdict), bill.suite(), bill.headerDigest(),
                verdict.outcome().name(), verdict.reasonCodes(), verdict.detail(), verdict.violations(),
                verdict.duplicateOf(), StoredVerdict.DECIDED_HERE, recorded.transactionId(), recorded.blockNumber(),
                on == null ? null : on.at(), fingerprint, event.transactionId(), event.blockNumber(), clock.instant()));
        inspection.print().ifPresent(print -> duplicates.remember(print, verdict.outcome().name()));
        LOG.info("bill {}: {} {} (tx {}, block {})", billKey, verdict.outcome(), verdict.reasonCodes(),
                recorded.transactionId(), recorded.blockNumber());
    }

    /** The bill was decided before (by us, before a crash, or by another verifier): keep what the ledger says. */
    private void keepLedgerVerdict(LedgerEvent event, BillRecord bill, Inspection inspection) {
        Verification on = bill.verification();
        if (on == null) {
            throw new IllegalStateException("bill " + bill.billKey() + " is " + bill.state()
                    + " on the ledger but has no verification; the ledger's contract is not the expected version");
        }
        Verdict mine = inspection.verdict();
        boolean same = on.verdict().equals(mine.outcome().name()) && on.reasonCodes().equals(mine.reasonCodes());
        String detail = same ? mine.detail()
                : "verdict found on the ledger (" + on.verdict() + " " + on.reasonCodes() + "); re-checking now gives "
                        + mine.outcome() + " " + mine.reasonCodes() + ": " + mine.detail();
        verdicts.insert(new StoredVerdict(0, bill.billKey(), kindOf(mine), bill.suite(), bill.headerDigest(),
                on.verdict(), on.reasonCodes(), truncate(detail), same ? mine.violations() : List.of(),
                same ? mine.duplicateOf() : List.of(), StoredVerdict.FOUND_ON_LEDGER, on.txId(), null, on.at(),
                on.fingerprint(), event.transactionId(), event.blockNumber(), clock.instant()));
        inspection.print().ifPresent(print -> duplicates.remember(print, on.verdict()));
        if (same) {
            LOG.info("bill {}: already {} on the ledger (tx {}); stored locally", bill.billKey(), on.verdict(), on.txId());
        } else {
            LOG.warn("bill {}: the ledger says {} {} (tx {}) but re-checking gives {} {}; the ledger's verdict is kept",
                    bill.billKey(), on.verdict(), on.reasonCodes(), on.txId(), mine.outcome(), mine.reasonCodes());
        }
    }

    private static String kindOf(Verdict verdict) {
        return verdict.kind() == null ? null : verdict.kind().name();
    }

    private static String truncate(String detail) {
        return detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
    }

    private static String billKeyOf(LedgerEvent event) throws ProtocolException {
        JsonNode payload = Json.readTree(event.payload());
        JsonNode billKey = payload.get("billKey");
        if (billKey == null || !billKey.isString()) {
            throw new ProtocolException(io.fapiao.protocol.ErrorCode.MALFORMED, "the BillSubmitted event of tx "
                    + event.transactionId() + " carries no billKey; is the ledger's contract the expected version?");
        }
        return billKey.stringValue();
    }
}
