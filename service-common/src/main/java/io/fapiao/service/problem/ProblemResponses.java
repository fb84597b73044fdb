package io.fapiao.service.problem;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerRefused;
import io.fapiao.ledger.client.LedgerUnavailable;
import io.fapiao.ledger.client.TransactionInvalid;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.service.http.BodyTooLarge;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error a service answers is RFC 9457 problem+json with a stable {@code code}: refusals the
 * business classes raise ({@link RequestRefused}, its kind decides the status) and controllers raise
 * ({@link ApiProblem}), invalid bills ({@link ProtocolException}, with every violation),
 * the ledger's answers ({@link LedgerException}), and Spring MVC's own (unreadable body, wrong method,
 * unknown path...). Anything else is {@code 500 INTERNAL} with an error id that matches a log line;
 * no stack trace or exception text leaves the service.
 *
 * <pre>{@code
 * HTTP/1.1 422
 * Content-Type: application/problem+json
 * {"type":"about:blank","title":"Unprocessable Content","status":422,"code":"INVALID_BILL",
 *  "detail":"bill B-1 breaks 1 rule: total ...","violations":[{"path":"total","code":"TOTAL_MISMATCH",...}]}
 * }</pre>
 */
@RestControllerAdvice
@org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
public class ProblemResponses extends ResponseEntityExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
    /** The longest detail or violation message an error carries. */
    static final int DETAIL_MAX = 500;
    /** The most violations one answer lists (a bill of 100,000 bad lines gets the first ones and a count). */
    static final int VIOLATIONS_MAX = 50;

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        ProblemDetail body = problem(problem.status(), problem.code(), problem.getMessage());
        problem.properties().forEach(body::setProperty);
        return response(body, new HttpHeaders());
    }

    @ExceptionHandler(RequestRefused.class)
    ResponseEntity<Object> refused(RequestRefused refusal) {
        ProblemDetail body = problem(statusOf(refusal.kind()), refusal.code(), refusal.getMessage());
        refusal.properties().forEach(body::setProperty);
        return response(body, new HttpHeaders());
    }

    @ExceptionHandler(RateLimited.class)
    ResponseEntity<Object> rateLimited(RateLimited e) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(
                HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        return response(problem(HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED", e.getMessage()), headers);
    }

    @ExceptionHandler(ProtocolException.class)
    ResponseEntity<Object> protocol(ProtocolException e) {
        ProblemDetail body = problem(HttpStatus.UNPROCESSABLE_CONTENT, e.code().name(), e.getMessage());
        if (!e.violations().isEmpty()) {
            body.setProperty(
                    "violations",
                    e.violations().stream()
                            .limit(VIOLATIONS_MAX)
                            .map(v -> Map.of(
                                    "path", bounded(v.path()), "code", v.code(), "message", bounded(v.message())))
                            .toList());
            if (e.violations().size() > VIOLATIONS_MAX) {
                body.setProperty("violationsNotShown", e.violations().size() - VIOLATIONS_MAX);
            }
        }
        return response(body, new HttpHeaders());
    }

    @ExceptionHandler(LedgerException.class)
    ResponseEntity<Object> ledger(LedgerException e) {
        HttpHeaders headers = new HttpHeaders();
        ProblemDetail body;
        if (e instanceof ChaincodeRejection rejection) {
            body = problem(statusOf(rejection.code()), rejection.code(), rejection.reason());
        } else if (e instanceof LedgerUnavailable) {
            headers.set(HttpHeaders.RETRY_AFTER, "5");
            body = problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "LEDGER_UNAVAILABLE",
                    "the ledger cannot be reached right now; retry later with the same Idempotency-Key");
        } else if (e instanceof TransactionInvalid) {
            body = problem(
                    HttpStatus.CONFLICT,
                    "TRANSACTION_INVALID",
                    "the ledger did not commit the transaction (" + e.getMessage() + "); retry the request");
        } else if (e instanceof LedgerRefused) {
            LOG.error("the ledger refused this service's request", e);
            body = problem(
                    HttpStatus.BAD_GATEWAY,
                    "LEDGER_REFUSED",
                    "the ledger refused this service's identity or request; the operator must check its configuration");
        } else {
            String id = UUID.randomUUID().toString();
            LOG.error("ledger failure, error id {}", id, e);
            body = problem(HttpStatus.BAD_GATEWAY, "LEDGER_ERROR", "the ledger answered unexpectedly; error id " + id);
        }
        e.transactionId().ifPresent(tx -> body.setProperty("transactionId", tx));
        return response(body, headers);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        String id = UUID.randomUUID().toString();
        LOG.error("unexpected failure, error id {}", id, e);
        return response(
                problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "INTERNAL",
                        "the service failed unexpectedly; report error id " + id + " to its operator"),
                new HttpHeaders());
    }

    /** A body cut off by the service's limit ({@link BodyTooLarge}) is 413 {@code TOO_LARGE}, not a malformed body. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                return tooLarge(tooLarge);
            }
        }
        return super.handleHttpMessageNotReadable(ex, headers, status, request);
    }

    @ExceptionHandler(BodyTooLarge.class)
    ResponseEntity<Object> tooLarge(BodyTooLarge e) {
        return response(
                problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "TOO_LARGE",
                        "the request body is longer than " + e.limit() + " bytes, the most this service reads"),
                new HttpHeaders());
    }

    /** Spring MVC's own refusals keep its status and wording and gain a code. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail detail) {
            detail.setDetail(bounded(detail.getDetail()));
            if (detail.getProperties() == null || !detail.getProperties().containsKey("code")) {
                detail.setProperty("code", frameworkCode(ex, statusCode));
            }
        }
        return response;
    }

    private static String frameworkCode(Exception ex, HttpStatusCode status) {
        return switch (ex.getClass().getSimpleName()) {
            case "HttpMessageNotReadableException" -> "MALFORMED_REQUEST";
            case "MethodArgumentNotValidException", "HandlerMethodValidationException" -> "INVALID_REQUEST";
            case "MissingServletRequestParameterException",
                    "MissingRequestHeaderException",
                    "MissingServletRequestPartException" -> "MISSING_PARAMETER";
            case "MethodArgumentTypeMismatchException", "TypeMismatchException" -> "INVALID_PARAMETER";
            case "HttpRequestMethodNotSupportedException" -> "METHOD_NOT_ALLOWED";
            case "HttpMediaTypeNotSupportedException" -> "UNSUPPORTED_MEDIA_TYPE";
            case "HttpMediaTypeNotAcceptableException" -> "NOT_ACCEPTABLE";
            case "NoResourceFoundException", "NoHandlerFoundException" -> "NOT_FOUND";
            case "MaxUploadSizeExceededException" -> "TOO_LARGE";
            default -> status.is5xxServerError() ? "INTERNAL" : "BAD_REQUEST";
        };
    }

    /** The HTTP status of each kind of refusal a business class raises. */
    static HttpStatus statusOf(RequestRefused.Kind kind) {
        return switch (kind) {
            case MALFORMED -> HttpStatus.BAD_REQUEST;
            case NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNACCEPTABLE -> HttpStatus.UNPROCESSABLE_CONTENT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    /** The HTTP status for a chaincode refusal code (docs/chaincode.md lists them). */
    static HttpStatus statusOf(String chaincodeCode) {
        return switch (chaincodeCode) {
            case "NOT_FOUND" -> HttpStatus.NOT_FOUND;
            case "NOT_AUTHORIZED" -> HttpStatus.FORBIDDEN;
            case "BILL_CONFLICT",
                    "INVALID_STATE",
                    "NUMBER_USED",
                    "RANGE_OVERLAP",
                    "ALREADY_CLAIMED",
                    "DOCUMENT_CONFLICT" -> HttpStatus.CONFLICT;
            case "RANGE_EXHAUSTED" -> HttpStatus.SERVICE_UNAVAILABLE;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
    }

    private static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, bounded(detail));
        body.setProperty("code", code);
        return body;
    }

    /**
     * A message no longer than {@link #DETAIL_MAX} characters. Details quote what the caller sent (an
     * id, a path): a 100 KB bill id must not come back whole, to the caller or into a log.
     */
    static String bounded(String message) {
        if (message == null || message.length() <= DETAIL_MAX) {
            return message;
        }
        int cut = DETAIL_MAX;
        if (Character.isHighSurrogate(message.charAt(cut - 1))) {
            cut--;
        }
        return message.substring(0, cut) + "… (" + (message.length() - cut) + " more characters not shown)";
    }

    private static ResponseEntity<Object> response(ProblemDetail body, HttpHeaders headers) {
        headers.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, headers, HttpStatus.valueOf(body.getStatus()));
    }
}
