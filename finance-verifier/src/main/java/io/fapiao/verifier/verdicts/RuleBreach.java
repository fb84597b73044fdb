package io.fapiao.verifier.verdicts;

/**
 * One rule a bill or invoice request broke, without the rule's message (which may quote the bill).
 *
 * <pre>{@code
 * new RuleBreach("items[2].amount", "AMOUNT_MISMATCH")
 * }</pre>
 *
 * @param path where, e.g. {@code total} or {@code items[2].amount}
 * @param code the rule's code, e.g. {@code TOTAL_MISMATCH}
 */
public record RuleBreach(String path, String code) {}
