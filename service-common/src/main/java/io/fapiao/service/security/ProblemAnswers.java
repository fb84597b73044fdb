package io.fapiao.service.security;

import io.fapiao.httpsig.MessageVerifier;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The security chain's refusals as problem+json with a code, like every other error of the services:
 * 401 with the refusal's code (or {@code SIGNATURE_MISSING} when nothing was presented), a
 * {@code WWW-Authenticate} challenge and an {@code Accept-Signature} hint; 403 {@code ROLE_REQUIRED};
 * 400 {@code MALFORMED_REQUEST} for what the firewall rejects (path tricks, encoded slashes...).
 */
final class ProblemAnswers
        implements AuthenticationEntryPoint, AuthenticationFailureHandler, AccessDeniedHandler, RequestRejectedHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String realm;
    private final MessageVerifier verifier;

    ProblemAnswers(String realm, MessageVerifier verifier) {
        this.realm = realm;
        this.verifier = verifier;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String code = e instanceof ClientRefused refused ? refused.code() : "SIGNATURE_MISSING";
        String detail = e instanceof ClientRefused
                ? e.getMessage()
                : "this request needs a registered client: sign it (RFC 9421, see Accept-Signature) or present a "
                        + "registered TLS client certificate";
        response.setHeader(
                "WWW-Authenticate", "Signature realm=\"" + realm + "\", headers=\"Signature-Input Signature\"");
        response.setHeader("Accept-Signature", verifier.acceptSignature());
        write(response, 401, "Unauthorized", code, detail);
    }

    @Override
    public void onAuthenticationFailure(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        commence(request, response, e);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(
                response,
                403,
                "Forbidden",
                "ROLE_REQUIRED",
                "this client may not " + request.getMethod() + " this route: it lacks the role the route needs");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(
                response,
                400,
                "Bad Request",
                "MALFORMED_REQUEST",
                "the request's path or headers are not accepted "
                        + "(encoded or repeated separators, path parameters, dot segments)");
    }

    private static void write(HttpServletResponse response, int status, String title, String code, String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }
}
