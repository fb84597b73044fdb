package io.fapiao.proof;

import io.fapiao.proof.fabric.CompositeKey;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.proof.fabric.MalformedLedgerData;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.AnchoredDocument;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.statement.AnchorStatement;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.ReversalStatement;
import io.fapiao.protocol.statement.Statement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.util.Arrays;
import java.util.Optional;

/**
 * The record check family, for one step whose transaction parsed: the write set holds exactly the
 * record the step claims, under the key the contract derives from it ({@code .writeSet}); the record is
 * the subject's ({@code .record}, of its kind or not); a submission stored the bundle's sealed bill
 * ({@code .sealedBill}) and says who sealed it ({@code .sealer}); the signed statement a record carries
 * (verdict, issuance, reversal, anchor) verifies under the caller's certificate ({@code .statement}).
 *
 * <pre>{@code
 * Optional<StepRecordChecks.RecordedDocument> document =
 *         new StepRecordChecks(bundle, sealedBill).check("step[2].IssueInvoice", step, tx, checks);
 * }</pre>
 */
record StepRecordChecks(ProofBundle bundle, SealedBillChecks.Facts sealed) {

    /** A document hash a record holds (of kind {@code invoice} or {@code reversal}), for {@link DocumentChecks}. */
    record RecordedDocument(String kind, String sha256) {}

    Optional<RecordedDocument> check(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks) {
        if (step.record() == null) {
            checks.fail(name + ".writeSet", "the step claims no record");
            return Optional.empty();
        }
        try {
            switch (ProofVerifier.operation(step.function())) {
                case "SubmitBill" -> submitted(name, step, tx, checks);
                case "RecordVerification" -> verified(name, step, tx, checks);
                case "IssueInvoice" -> {
                    return issued(name, step, tx, checks);
                }
                case "ReverseInvoice" -> {
                    return reversed(name, step, tx, checks);
                }
                case "ClaimInvoice" -> claimed(name, step, tx, checks);
                case "AnchorDocument" -> anchored(name, step, tx, checks);
                default -> checks.fail(name + ".writeSet", "a proof bundle holds no " + step.function() + " step");
            }
        } catch (ProtocolException e) {
            checks.fail(name + ".record", "the step's record is not of its kind: " + e.getMessage());
        } catch (MalformedLedgerData e) {
            checks.fail(name + ".writeSet", e.getMessage());
        }
        return Optional.empty();
    }

    private void submitted(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks)
            throws ProtocolException, MalformedLedgerData {
        BillRecord bill = Json.bind(step.record(), BillRecord.class);
        wrote(name, step, tx, CompositeKey.of("fapiao.bill", bill.uscc(), bill.billId()), "bill record", checks);
        Optional<byte[]> stored =
                tx.written(bundle.chaincode(), CompositeKey.of("fapiao.sealedbill", bill.uscc(), bill.billId()));
        checks.check(
                stored.isPresent() && Arrays.equals(stored.get(), CanonicalJson.encode(bundle.sealedBill())),
                name + ".sealedBill",
                "the transaction stored exactly the bundle's sealed bill",
                "the sealed bill the transaction stored is not the bundle's");
        checks.check(
                bill.billKey().equals(bundle.subject().billKey())
                        && sealed.headerDigest() != null
                        && sealed.headerDigest().equals(bill.headerDigest()),
                name + ".record",
                "bill " + bill.billKey() + " " + bill.state(),
                "the bill record is not the subject's sealed bill's");
        if (sealed.submitter() != null) {
            if (sealed.submitter().equals(tx.creator().certificate())) {
                checks.pass(name + ".sealer", "the sealed bill is signed by the submitting identity");
            } else {
                checks.note(
                        name + ".sealer",
                        "the sealed bill is signed by a seal certificate the contract checked "
                                + "against the submitter registry (fingerprint " + bill.signerFingerprint() + ")");
            }
        }
    }

    private void verified(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks)
            throws ProtocolException, MalformedLedgerData {
        BillRecord bill = Json.bind(step.record(), BillRecord.class);
        wrote(name, step, tx, CompositeKey.of("fapiao.bill", bill.uscc(), bill.billId()), "bill record", checks);
        var verdict = bill.verification();
        if (!checks.check(
                verdict != null
                        && tx.txId().equals(verdict.txId())
                        && bill.billKey().equals(bundle.subject().billKey()),
                name + ".record",
                "verdict " + (verdict == null ? "" : verdict.verdict() + " " + verdict.reasonCodes()),
                "the bill record holds no verdict of this transaction for the subject")) {
            return;
        }
        statement(
                name,
                new VerdictStatement(
                        bill.billKey(),
                        String.valueOf(sealed.headerDigest()),
                        verdict.verdict(),
                        verdict.reasonCodes()),
                verdict.signature(),
                tx,
                checks);
    }

    private Optional<RecordedDocument> issued(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks)
            throws ProtocolException, MalformedLedgerData {
        InvoiceRecord invoice = Json.bind(step.record(), InvoiceRecord.class);
        wrote(name, step, tx, CompositeKey.of("fapiao.invoice", invoice.invoiceNumber()), "invoice record", checks);
        if (!checks.check(
                invoice.billKey().equals(bundle.subject().billKey())
                        && invoice.invoiceNumber().equals(bundle.subject().invoiceNumber()),
                name + ".record",
                "invoice " + invoice.invoiceNumber() + " of bill " + invoice.billKey(),
                "the invoice record is not the subject's invoice")) {
            return Optional.empty();
        }
        statement(
                name,
                new IssuanceStatement(
                        invoice.billKey(),
                        String.valueOf(sealed.headerDigest()),
                        invoice.invoiceNumber(),
                        invoice.checkCodeDigest(),
                        invoice.documentHash()),
                invoice.signature(),
                tx,
                checks);
        return Optional.of(new RecordedDocument("invoice", invoice.documentHash()));
    }

    private Optional<RecordedDocument> reversed(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks)
            throws ProtocolException, MalformedLedgerData {
        InvoiceRecord invoice = Json.bind(step.record(), InvoiceRecord.class);
        wrote(name, step, tx, CompositeKey.of("fapiao.invoice", invoice.invoiceNumber()), "invoice record", checks);
        var reversal = invoice.reversal();
        if (!checks.check(
                reversal != null
                        && tx.txId().equals(reversal.txId())
                        && invoice.invoiceNumber().equals(bundle.subject().invoiceNumber()),
                name + ".record",
                "reversed by " + (reversal == null ? "" : reversal.redInvoiceNumber()),
                "the invoice record holds no reversal of this transaction for the subject's invoice")) {
            return Optional.empty();
        }
        statement(
                name,
                new ReversalStatement(
                        invoice.invoiceNumber(),
                        reversal.reasonCode(),
                        reversal.redInvoiceNumber(),
                        reversal.documentHash()),
                reversal.signature(),
                tx,
                checks);
        return Optional.of(new RecordedDocument("reversal", reversal.documentHash()));
    }

    private void claimed(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks)
            throws ProtocolException, MalformedLedgerData {
        Claim claim = Json.bind(step.record(), Claim.class);
        wrote(name, step, tx, CompositeKey.of("fapiao.claim", claim.invoiceNumber()), "claim", checks);
        checks.check(
                claim.invoiceNumber().equals(bundle.subject().invoiceNumber()),
                name + ".record",
                "claimed by " + claim.claimantId(),
                "the claim is not on the subject's invoice");
    }

    private void anchored(String name, ProofBundle.Step step, FabricTransaction tx, Checks checks)
            throws ProtocolException, MalformedLedgerData {
        AnchoredDocument document = Json.bind(step.record(), AnchoredDocument.class);
        wrote(
                name,
                step,
                tx,
                CompositeKey.of("fapiao.document", document.kind(), document.documentId()),
                "anchored document",
                checks);
        statement(
                name,
                new AnchorStatement(document.kind(), document.documentId(), document.sha256()),
                document.signature(),
                tx,
                checks);
    }

    private void wrote(String name, ProofBundle.Step step, FabricTransaction tx, String key, String what, Checks checks)
            throws MalformedLedgerData {
        Optional<byte[]> value = tx.written(bundle.chaincode(), key);
        checks.check(
                value.isPresent() && Arrays.equals(value.get(), CanonicalJson.encode(step.record())),
                name + ".writeSet",
                "the write set holds exactly the step's " + what,
                value.isPresent()
                        ? "the " + what + " the transaction wrote is not the step's"
                        : "the transaction wrote no " + what + " under the step's key");
    }

    private static void statement(
            String name, Statement statement, String signature, FabricTransaction tx, Checks checks) {
        boolean valid;
        try {
            valid = statement.verifiedBy(tx.creator().certificate(), Base64Url.decode("signature", signature));
        } catch (ProtocolException e) {
            valid = false;
        }
        checks.check(
                valid,
                name + ".statement",
                statement.statementType() + " signed by " + tx.creator(),
                "the " + statement.statementType() + " signature does not verify under the caller's certificate");
    }
}
