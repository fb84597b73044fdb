package io.fapiao.verifier.verification;

import io.fapiao.service.work.WorkDeferred;
import java.time.Duration;
import java.util.List;

/**
 * A bill cannot be checked for duplicates yet: another bill with the same payer and items is being
 * decided right now. Its verification is put back and tried again shortly, without counting as a
 * failure; by then the other verdict is known and this bill is compared with it.
 *
 * <pre>{@code
 * try { earlier = index.claim(print, window); } catch (DuplicateCheckBusy e) { ... try the bill again later }
 * }</pre>
 */
public final class DuplicateCheckBusy extends WorkDeferred {

    DuplicateCheckBusy(String billKey, List<String> deciding, Duration retryAfter) {
        super(
                "bill " + billKey + " waits for the verdict on " + deciding + ", which has the same payer and items",
                retryAfter);
    }
}
