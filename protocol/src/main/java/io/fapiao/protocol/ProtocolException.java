package io.fapiao.protocol;

import io.fapiao.protocol.bill.Violation;
import java.util.List;

/**
 * A protocol operation refused its input. Every refusal carries a stable {@link ErrorCode}; an
 * {@link ErrorCode#INVALID_BILL} refusal also lists each rule the bill broke.
 *
 * <pre>{@code
 * catch (ProtocolException e) {
 *     log.warn("bill refused: {} {}", e.code(), e.getMessage());
 *     e.violations().forEach(v -> log.warn("  {} {}", v.path(), v.code()));
 * }
 * }</pre>
 */
public class ProtocolException extends Exception {
    private final ErrorCode code;
    private final List<Violation> violations;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, List.of(), null);
    }

    public ProtocolException(ErrorCode code, String message, Throwable cause) {
        this(code, message, List.of(), cause);
    }

    public ProtocolException(ErrorCode code, String message, List<Violation> violations) {
        this(code, message, violations, null);
    }

    private ProtocolException(ErrorCode code, String message, List<Violation> violations, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
        this.violations = List.copyOf(violations);
    }

    /** The stable code of this refusal. */
    public ErrorCode code() {
        return code;
    }

    /** Each rule the input broke, with its field path; empty unless the code is {@link ErrorCode#INVALID_BILL}. */
    public List<Violation> violations() {
        return violations;
    }
}
