package io.fapiao.service.security;

import io.fapiao.service.http.BodyLimit;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * In the security chain, before authentication: buffers the body of a request that carries a
 * signature (bounded by the service's body limit), so that its {@code Content-Digest} can be checked
 * and the handler can still read it. Unsigned requests pass untouched.
 */
final class SignedRequestBuffer extends OncePerRequestFilter {
    private final long limit;

    SignedRequestBuffer(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getHeader("Signature-Input") == null && request.getHeader("Signature") == null) {
            chain.doFilter(request, response);
            return;
        }
        BufferedRequest buffered = BufferedRequest.read(request, limit);
        if (buffered == null) {
            BodyLimit.refuse(
                    response, "the request body is longer than " + limit + " bytes, the most this service reads");
            return;
        }
        chain.doFilter(buffered, response);
    }
}
