package io.fapiao.verifier.verification;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The reason codes a verdict carries on the ledger. A bill that cannot be opened carries the
 * protocol's {@link ErrorCode} name ({@code NOT_A_RECIPIENT}, {@code BAD_SIGNATURE},
 * {@code CERTIFICATE_INVALID}, {@code PAYLOAD_DIGEST_MISMATCH}, ...); a bill that breaks its rules
 * carries {@code INVALID_BILL} followed by each broken rule's
 * {@link io.fapiao.protocol.bill.ViolationCode} ({@code TOTAL_MISMATCH}, {@code INSURANCE_MISMATCH},
 * {@code NEGATIVE_AMOUNT}, {@code AMOUNT_MISMATCH}, {@code TAX_MISMATCH}, ...); the verifier's own
 * checks add the codes below. The contract allows at most {@value #MAX} distinct codes of the form
 * {@code [A-Z][A-Z0-9_]{0,63}}.
 *
 * <pre>{@code
 * List<String> codes = ReasonCodes.of(protocolException);   // [INVALID_BILL, TOTAL_MISMATCH]
 * }</pre>
 */
public final class ReasonCodes {
    /**
     * The envelope is dated later than its submission to the ledger by more than the clock skew
     * ({@code fapiao.verifier.clock-skew}); the only code such a bill gets, whatever else its date
     * makes fail (the signer's certificate is not valid in 2099 either).
     */
    public static final String ISSUED_IN_FUTURE = "ISSUED_IN_FUTURE";
    /**
     * The signer's certificate is trusted and was valid when the bill was submitted, but not at the
     * bill's issue time: a backdated bill, or one signed with a certificate renewed since. Reported
     * instead of {@code CERTIFICATE_INVALID}, which stays for certificates that are themselves at fault.
     */
    public static final String ISSUED_OUTSIDE_CERTIFICATE_VALIDITY = "ISSUED_OUTSIDE_CERTIFICATE_VALIDITY";
    /** The bill's issuerName is not the name the registry held for its USCC at the issue time. */
    public static final String ISSUER_NAME_MISMATCH = "ISSUER_NAME_MISMATCH";
    /** The signer's certificate was revoked at (or before) the bill's issue time. */
    public static final String CERTIFICATE_REVOKED = "CERTIFICATE_REVOKED";
    /** The submitter (USCC) was not registered, active and inside its qualification window at the issue time. */
    public static final String NOT_QUALIFIED = "NOT_QUALIFIED";
    /** The same payer was billed the same items by another bill close in time. */
    public static final String DUPLICATE_SUSPECTED = "DUPLICATE_SUSPECTED";
    /** The most codes one verdict may carry (the contract's limit). */
    public static final int MAX = 32;

    private static final Pattern FORM = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    private ReasonCodes() {}

    /** The codes of an opening failure: its error code, and for a broken bill every distinct rule code. */
    public static List<String> of(ProtocolException failure) {
        List<String> codes = new ArrayList<>();
        codes.add(failure.code().name());
        if (failure.code() == ErrorCode.INVALID_BILL) {
            for (Violation violation : failure.violations()) {
                codes.add(violation.code());
            }
        }
        return distinct(codes);
    }

    /** {@code codes} without repeats, in first-seen order, of the contract's form, at most {@value #MAX}. */
    public static List<String> distinct(Collection<String> codes) {
        Set<String> seen = new LinkedHashSet<>();
        for (String code : codes) {
            if (!FORM.matcher(code).matches()) {
                throw new IllegalArgumentException("not a reason code: " + code);
            }
            if (seen.size() < MAX) {
                seen.add(code);
            }
        }
        return List.copyOf(seen);
    }
}
