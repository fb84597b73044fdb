package io.fapiao.verifier.verification;

import io.fapiao.verifier.verdicts.RuleBreach;
import java.util.List;
import java.util.Objects;

/**
 * What the verifier concluded about one submitted bill or invoice request, before it is signed and
 * recorded on the ledger. A REJECTED verdict has at least one reason code; an ACCEPTED one may carry
 * {@link ReasonCodes#DUPLICATE_SUSPECTED} as a flag for people to review.
 *
 * <pre>{@code
 * Verdict verdict = Verdict.rejected(PayloadKind.BILL, List.of("NOT_A_RECIPIENT"), "not sealed for us");
 * }</pre>
 *
 * @param outcome     ACCEPTED or REJECTED
 * @param reasonCodes the codes, as signed and recorded (see {@link ReasonCodes})
 * @param kind        what the envelope carries, or null when its header could not be read
 * @param detail      for a person: what failed, without any bill contents
 * @param violations  the broken rules of a bill that opened but broke its rules (path and code only)
 * @param duplicateOf the keys of the earlier bills this one seems to duplicate
 */
public record Verdict(
        Outcome outcome,
        List<String> reasonCodes,
        PayloadKind kind,
        String detail,
        List<RuleBreach> violations,
        List<String> duplicateOf) {

    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        reasonCodes = ReasonCodes.distinct(reasonCodes);
        violations = List.copyOf(violations);
        duplicateOf = List.copyOf(duplicateOf);
        if (outcome == Outcome.REJECTED && reasonCodes.isEmpty()) {
            throw new IllegalArgumentException("a rejection needs a reason code");
        }
    }

    /** A rejection for one failure found before any rule could be checked. */
    public static Verdict rejected(PayloadKind kind, List<String> reasonCodes, String detail) {
        return new Verdict(Outcome.REJECTED, reasonCodes, kind, detail, List.of(), List.of());
    }

    /** ACCEPTED or REJECTED. */
    public enum Outcome {
        ACCEPTED,
        REJECTED
    }

    /** What an envelope carries, as its header says. */
    public enum PayloadKind {
        BILL,
        INVOICE_REQUEST
    }
}
