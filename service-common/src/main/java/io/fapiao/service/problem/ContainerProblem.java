package io.fapiao.service.problem;

import org.springframework.http.HttpStatus;

/**
 * The problem+json body for an error status that no handler of ours produced: the servlet container's
 * own refusals (a request line it cannot parse, headers too large) and errors forwarded to
 * {@code /error}. Only the status is known, so the code comes from it; nothing of the request is
 * quoted.
 */
final class ContainerProblem {
    private ContainerProblem() {}

    /** The stable code of a status no handler explained. */
    static String code(int status) {
        return switch (status) {
            case 400 -> "MALFORMED_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 408 -> "REQUEST_TIMEOUT";
            case 413 -> "TOO_LARGE";
            case 414 -> "URI_TOO_LONG";
            case 431 -> "HEADERS_TOO_LARGE";
            case 505 -> "HTTP_VERSION_NOT_SUPPORTED";
            default -> status >= 500 ? "INTERNAL" : "BAD_REQUEST";
        };
    }

    /** The whole body, as JSON text. */
    static String json(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String detail = status >= 500
                ? "the service failed before it could handle the request"
                : "the request was refused before any handler read it (" + title.toLowerCase(java.util.Locale.ROOT)
                        + "): check its request line, path encoding and headers";
        // Title and detail are ours, never the request's, so they need no escaping beyond what they hold.
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail
                + "\",\"code\":\"" + code(status) + "\"}";
    }
}
