package io.fapiao.service.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request a service refuses on purpose, raised by its business classes: a {@link Kind} that says
 * what sort of refusal it is, a stable code a client can switch on, and a sentence a person can act
 * on. It knows nothing of HTTP; {@link ProblemResponses} answers it as problem+json with the status
 * of its kind, exactly as an {@link ApiProblem} (which only controllers raise) with that status.
 *
 * <pre>{@code
 * throw new RequestRefused(RequestRefused.Kind.CONFLICT, "IDEMPOTENCY_KEY_REUSED",
 *         "Idempotency-Key " + key + " was used for a different bill; use a new key for a new bill")
 *         .with("billKey", existing);
 * }</pre>
 */
public final class RequestRefused extends RuntimeException {

    /** What sort of refusal: the controller advice gives each its HTTP status. */
    public enum Kind {
        /** The request itself is malformed: a missing or invalid header or parameter (400). */
        MALFORMED,
        /** The caller may not do this: a role, a seller or a submitter it does not hold (403). */
        NOT_ALLOWED,
        /** What the request names does not exist (404). */
        NOT_FOUND,
        /** The request clashes with what exists or is running: a reused key, a conflicting record (409). */
        CONFLICT,
        /** The request is well formed but its content is refused: a bill or claim the rules reject (422). */
        UNACCEPTABLE,
        /** The service cannot do this as it is configured or right now (503). */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String code;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public RequestRefused(Kind kind, String code, String detail) {
        super(detail);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Adds a member to the problem body; returns this refusal. */
    public RequestRefused with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public Kind kind() {
        return kind;
    }

    /** The stable code, e.g. {@code IDEMPOTENCY_KEY_REUSED}. */
    public String code() {
        return code;
    }

    /** Extra members of the problem body, in insertion order. */
    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
