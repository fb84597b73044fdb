package io.fapiao.service.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.http.HttpStatus;

/**
 * A refusal a controller (or a filter of the HTTP layer) raises on purpose: an HTTP status, a stable
 * code a client can switch on, and a sentence a person can act on. {@link ProblemResponses} turns it
 * into an RFC 9457 {@code application/problem+json} body with the code in its {@code code} member.
 * Business classes ({@code @Service}, {@code @Component}) raise {@link RequestRefused} instead, which
 * names no HTTP status.
 *
 * <pre>{@code
 * throw new ApiProblem(HttpStatus.CONFLICT, "IDEMPOTENCY_KEY_REUSED",
 *         "Idempotency-Key " + key + " was used for a different bill; use a new key for a new bill")
 *         .with("billKey", existing);
 * }</pre>
 */
public final class ApiProblem extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    public ApiProblem(HttpStatus status, String code, String detail, Throwable cause) {
        super(detail, cause);
        this.status = Objects.requireNonNull(status, "status");
        this.code = Objects.requireNonNull(code, "code");
    }

    /** Adds a member to the problem body; returns this problem. */
    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** Extra members of the problem body, in insertion order. */
    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }
}
