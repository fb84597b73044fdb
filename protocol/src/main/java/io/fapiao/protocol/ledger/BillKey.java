package io.fapiao.protocol.ledger;

/**
 * A bill's name in every function: {@code <uscc>:<billId>}. A USCC never holds a colon, so the first
 * colon splits it; the bill id may hold further colons.
 *
 * <pre>{@code
 * BillKey key = BillKey.parse("91110000MA01ABCD2X:MZ0001");
 * key.uscc();   // "91110000MA01ABCD2X"
 * }</pre>
 */
public record BillKey(String uscc, String billId) {

    /**
     * The key named by {@code text}.
     *
     * @throws IllegalArgumentException when {@code text} is not {@code <uscc>:<billId>}, with a message
     *     saying so (the contract reports it as MALFORMED)
     */
    public static BillKey parse(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("billKey '" + text + "' is not of the form <uscc>:<billId>");
        }
        return new BillKey(text.substring(0, colon), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return uscc + ":" + billId;
    }
}
