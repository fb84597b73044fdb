package io.fapiao.proof;

/**
 * One named check of a proof bundle and how it came out. Names are stable (docs/proof.md lists
 * them), e.g. {@code block[3].ordererSignature}, {@code step[2].RecordVerification.statement}.
 *
 * <pre>{@code
 * for (ProofCheck check : report.checks()) {
 *     System.out.println(check.outcome() + " " + check.name() + ": " + check.detail());
 * }
 * }</pre>
 *
 * @param name    which check
 * @param outcome PASS, FAIL, or NOTE (information that is neither, e.g. unpinned trust anchors)
 * @param detail  what was found, for a person
 */
public record ProofCheck(String name, Outcome outcome, String detail) {

    /** How a check came out. */
    public enum Outcome {
        PASS,
        FAIL,
        NOTE
    }

    @Override
    public String toString() {
        return outcome + " " + name + ": " + detail;
    }
}
