package io.fapiao.hisadapter.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.hisadapter.bill.BillStatus;
import io.fapiao.hisadapter.bill.Transition;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.Provenance;
import io.fapiao.protocol.ledger.Reversal;
import io.fapiao.protocol.ledger.Verification;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's records read as the transitions the status feed makes from the same events. */
class LedgerStepsTest {
    private static final Provenance SUBMITTED =
            new Provenance("tx-submit", "2026-05-01T01:00:00Z", "HospitalOrgMSP", "h");
    private static final Provenance ISSUED = new Provenance("tx-issue", "2026-05-01T01:00:03Z", "IssuerOrgMSP", "i");
    private static final String NUMBER = "44010126-0000000222";

    private static BillRecord bill(BillState state, Verification verdict, String invoiceNumber) {
        return new BillRecord(
                "91110108MA01ABCD2X:MZ1",
                "91110108MA01ABCD2X",
                "MZ1",
                "01",
                "2026-05-01T09:00:00+08:00",
                "INTL",
                "hd",
                "sd",
                "signer",
                List.of("r1", "r2"),
                state,
                SUBMITTED,
                verdict,
                invoiceNumber,
                SUBMITTED);
    }

    private static Verification verdict(String verdict, List<String> reasons) {
        return new Verification(verdict, reasons, "sig", "FinanceOrgMSP", "f", "tx-verdict", "2026-05-01T01:00:01Z");
    }

    private static InvoiceRecord invoice(InvoiceState state, Reversal reversal, Claim claim) {
        return new InvoiceRecord(
                NUMBER,
                InvoiceKind.BLUE,
                "91110108MA01ABCD2X:MZ1",
                "issuer",
                "C0DE",
                "ab",
                "sig",
                state,
                ISSUED,
                null,
                reversal,
                claim,
                ISSUED);
    }

    @Test
    void aSubmittedBillIsOneStep() {
        assertThat(LedgerSteps.of(bill(BillState.SUBMITTED, null, null), null))
                .containsExactly(Transition.onLedger(BillStatus.SUBMITTED, "2026-05-01T01:00:00Z", "tx-submit", null));
    }

    @Test
    void aRejectedBillKeepsItsReasons() {
        List<Transition> steps =
                LedgerSteps.of(bill(BillState.REJECTED, verdict("REJECTED", List.of("TOTAL_MISMATCH")), null), null);
        assertThat(steps).extracting(Transition::status).containsExactly(BillStatus.SUBMITTED, BillStatus.REJECTED);
        assertThat(steps.get(1).reasonCodes()).containsExactly("TOTAL_MISMATCH");
        assertThat(steps.get(1).transactionId()).isEqualTo("tx-verdict");
    }

    @Test
    void anIssuedThenClaimedOrReversedBillHasEveryStepWithTheInvoice() {
        BillRecord issued = bill(BillState.ISSUED, verdict("ACCEPTED", List.of()), NUMBER);
        Claim claim = new Claim(
                NUMBER,
                "POLICY-7",
                "reimbursement",
                new Provenance("tx-claim", "2026-05-01T01:00:05Z", "IssuerOrgMSP", "c"));
        List<Transition> claimed = LedgerSteps.of(issued, invoice(InvoiceState.CLAIMED, null, claim));
        assertThat(claimed)
                .extracting(Transition::status)
                .containsExactly(BillStatus.SUBMITTED, BillStatus.VERIFIED, BillStatus.ISSUED, BillStatus.CLAIMED);
        assertThat(claimed.get(2))
                .isEqualTo(Transition.onLedger(BillStatus.ISSUED, "2026-05-01T01:00:03Z", "tx-issue", null)
                        .withInvoice(NUMBER, null));
        assertThat(claimed.get(3).transactionId()).isEqualTo("tx-claim");

        Reversal reversal =
                new Reversal("44010126-0000000223", "WRONG_AMOUNT", "cd", "sig", "tx-reverse", "2026-05-01T01:00:06Z");
        List<Transition> reversed = LedgerSteps.of(
                bill(BillState.REVERSED, verdict("ACCEPTED", List.of()), NUMBER),
                invoice(InvoiceState.REVERSED, reversal, null));
        Transition last = reversed.get(reversed.size() - 1);
        assertThat(last.status()).isEqualTo(BillStatus.REVERSED);
        assertThat(last.redInvoiceNumber()).isEqualTo("44010126-0000000223");
        assertThat(last.reasonCodes()).containsExactly("WRONG_AMOUNT");

        // Without the invoice's record the bill is left at its verdict, never guessed further.
        assertThat(LedgerSteps.of(issued, null))
                .extracting(Transition::status)
                .containsExactly(BillStatus.SUBMITTED, BillStatus.VERIFIED);
    }
}
