package io.fapiao.issuer.api;

import io.fapiao.issuer.issuance.IssuanceException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The engine's refusals as problem+json with their stable codes and the step that failed: retryable
 * ones (the ledger or the number ranges are unavailable) are {@code 503} with {@code Retry-After}; a
 * missing bill or invoice {@code 404}; a state that does not allow the step {@code 409}; an envelope
 * the issuer cannot open, or a reversal reason outside the red-letter set, {@code 422}; a misconfigured
 * issuer {@code 503}.
 *
 * <pre>{@code
 * HTTP/1.1 409
 * {"status":409,"code":"BILL_NOT_VERIFIED","detail":"bill ... is SUBMITTED; ...","step":"READ_LEDGER"}
 * }</pre>
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class IssuanceProblems {

    @ExceptionHandler(IssuanceException.class)
    ResponseEntity<ProblemDetail> issuance(IssuanceException e) {
        HttpStatus status = e.retryable() ? HttpStatus.SERVICE_UNAVAILABLE : statusOf(e.code());
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        body.setProperty("code", e.code());
        body.setProperty("step", e.step().name());
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (e.retryable()) {
            headers.set(HttpHeaders.RETRY_AFTER, "5");
        }
        return new ResponseEntity<>(body, headers, status);
    }

    /** The status docs/api.md suggests for each engine code. */
    static HttpStatus statusOf(String code) {
        return switch (code) {
            case "BILL_NOT_FOUND", "INVOICE_NOT_FOUND", "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "MALFORMED" -> HttpStatus.BAD_REQUEST;
            case "ENVELOPE_UNREADABLE", "UNKNOWN_REVERSAL_REASON" -> HttpStatus.UNPROCESSABLE_CONTENT;
            case "NOT_AUTHORIZED" -> HttpStatus.FORBIDDEN;
            case "ISSUER_KEY_MISSING", "ISSUER_MISCONFIGURED", "RANGE_EXHAUSTED" -> HttpStatus.SERVICE_UNAVAILABLE;
            case "DOCUMENT_FAILED" -> HttpStatus.INTERNAL_SERVER_ERROR;
            default -> HttpStatus.CONFLICT; // BILL_NOT_VERIFIED, BILL_REJECTED, INVOICE_CLAIMED, other ledger refusals
        };
    }
}
