package io.fapiao.hisadapter.callback;

/**
 * A status notification the callback URL did not acknowledge (an answer other than 2xx, no answer, a
 * signing failure): thrown to the worker pool, which counts the attempt on the bill's item, logs this
 * message (bill key, sequence and reason) and tries again after the backoff of its attempts.
 *
 * <pre>{@code
 * callback: 91110108MA01ABCD2X:MZ0001 failed (attempt 1); trying again in 380 ms:
 *     CallbackNotDelivered: status 1 of bill 91110108MA01ABCD2X:MZ0001 not delivered: HTTP 500
 * }</pre>
 */
public final class CallbackNotDelivered extends Exception {
    CallbackNotDelivered(CallbackOutbox.Delivery delivery, String failure) {
        super("status " + delivery.sequence() + " of bill " + delivery.billKey() + " not delivered: " + failure);
    }
}
