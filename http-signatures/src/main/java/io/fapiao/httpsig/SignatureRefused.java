package io.fapiao.httpsig;

import java.util.Objects;

/**
 * A signed HTTP message failed verification, or a message could not be signed. {@link #refusal()}
 * is the stable code; the message says what to fix.
 *
 * <pre>{@code
 * catch (SignatureRefused e) {
 *     throw new ApiProblem(HttpStatus.UNAUTHORIZED, e.refusal().name(), e.getMessage());
 * }
 * }</pre>
 */
public final class SignatureRefused extends Exception {
    private final SignatureRefusal refusal;

    public SignatureRefused(SignatureRefusal refusal, String message) {
        super(message);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public SignatureRefused(SignatureRefusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    /** The stable code of the refusal. */
    public SignatureRefusal refusal() {
        return refusal;
    }
}
