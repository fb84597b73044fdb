package io.fapiao.protocol.bill;

/**
 * One broken rule in a bill or invoice request.
 *
 * @param path    where, as a JSON path relative to the record: {@code items[2].amount}, {@code payer.idNumber}
 * @param code    a stable code, for example {@code AMOUNT_MISMATCH}; never renamed
 * @param message what is wrong and what would be right, for a person to act on
 */
public record Violation(String path, String code, String message) {
    @Override
    public String toString() {
        return path + ": " + code + " (" + message + ")";
    }
}
