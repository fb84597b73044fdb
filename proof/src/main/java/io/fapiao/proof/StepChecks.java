package io.fapiao.proof;

import java.util.HashMap;
import java.util.Map;

/**
 * The step sequence: each step's transaction ({@link TransactionChecks}) and record
 * ({@link StepRecordChecks}) checked, the steps in ledger order ({@code step[i].<function>.order}),
 * exactly one submission ({@code steps.submission}) and one issuance when the subject has an invoice
 * number, none otherwise ({@code steps.issuance}).
 *
 * <pre>{@code
 * Map<String, String> documentHashes = new StepChecks(bundle, transactions, records).check(checks);
 * }</pre>
 */
record StepChecks(ProofBundle bundle, TransactionChecks transactions, StepRecordChecks records) {

    /** Checks every step; returns the document hashes the records hold, by kind (the last step's wins). */
    Map<String, String> check(Checks checks) {
        Map<String, String> documentHashes = new HashMap<>();
        int submissions = 0;
        int issuances = 0;
        long lastBlock = -1;
        int lastIndex = -1;
        for (int i = 0; i < bundle.steps().size(); i++) {
            ProofBundle.Step step = bundle.steps().get(i);
            String operation = ProofVerifier.operation(step.function());
            String name = "step[" + i + "]." + operation;
            TransactionChecks.Found found = transactions.check(name, step, checks);
            found.transaction()
                    .flatMap(tx -> records.check(name, step, tx, checks))
                    .ifPresent(document -> documentHashes.put(document.kind(), document.sha256()));
            if (found.index() >= 0) {
                boolean ordered = step.blockNumber() > lastBlock
                        || (step.blockNumber() == lastBlock && found.index() > lastIndex);
                checks.check(
                        ordered,
                        name + ".order",
                        "after the previous step",
                        "steps must be in ledger order; this one comes before the previous");
                lastBlock = step.blockNumber();
                lastIndex = found.index();
            }
            submissions += operation.equals("SubmitBill") ? 1 : 0;
            issuances += operation.equals("IssueInvoice") ? 1 : 0;
        }
        checks.check(
                submissions == 1,
                "steps.submission",
                "one SubmitBill step",
                submissions + " SubmitBill steps; a bundle holds exactly the one that stored the sealed bill");
        boolean invoiced = bundle.subject().invoiceNumber() != null;
        checks.check(
                issuances == (invoiced ? 1 : 0),
                "steps.issuance",
                invoiced ? "one IssueInvoice step for " + bundle.subject().invoiceNumber() : "not issued",
                issuances + " IssueInvoice steps for a subject " + (invoiced ? "with" : "without")
                        + " an invoice number");
        return documentHashes;
    }
}
