package io.fapiao.issuer.auth;

import io.fapiao.protocol.json.Json;
import io.fapiao.service.http.HttpLimits;
import io.fapiao.service.httpsig.HttpMessage;
import io.fapiao.service.httpsig.MessageVerifier;
import io.fapiao.service.httpsig.SignatureRefused;
import io.fapiao.service.httpsig.VerificationPolicy;
import io.fapiao.service.httpsig.VerifiedSignature;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request under {@code /v1/} except the public {@code GET /v1/verify}: by the
 * verified client certificate of a mutual TLS connection when there is one, otherwise by an RFC 9421
 * request signature with a registered client's key ({@code keyid} = the certificate fingerprint). The
 * client found is put in the request attribute {@link RegisteredClient#ATTRIBUTE}; roles are checked
 * where the request is handled ({@link RegisteredClient#requireRole}). Everything else (the OpenAPI
 * document, the UI, health) is public.
 *
 * <p>A refusal is {@code 401} problem+json with the signature refusal's code ({@code SIGNATURE_MISSING},
 * {@code SIGNATURE_INVALID}, {@code DIGEST_MISMATCH}, {@code SIGNATURE_EXPIRED}, {@code UNKNOWN_KEY}...),
 * a {@code WWW-Authenticate} challenge and an {@code Accept-Signature} field saying what to sign.
 *
 * <pre>{@code
 * POST /v1/invoices HTTP/1.1
 * Content-Digest: sha-256=:...:
 * Signature-Input: sig1=("@method" "@target-uri" "content-digest" "content-type" "idempotency-key")
 *     ;created=1767225600;expires=1767225900;keyid="q1wE...";alg="ecdsa-p256-sha256";nonce="..."
 * Signature: sig1=:...:
 * }</pre>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
public class RequestAuthentication extends OncePerRequestFilter {
    private static final Logger LOG = LoggerFactory.getLogger(RequestAuthentication.class);
    static final String CLIENT_CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final ClientRegistry registry;
    private final MessageVerifier verifier;
    private final long maxRequestBytes;

    public RequestAuthentication(ClientRegistry registry, JdbcNonceRegistry nonces, ClientProperties properties,
            HttpLimits limits) {
        this.registry = registry;
        this.maxRequestBytes = limits.maxBodyBytes();
        this.verifier = new MessageVerifier(keyId -> registry.active(keyId).map(c -> c.certificate().getPublicKey()),
                VerificationPolicy.requests().withMaxAge(properties.signatureMaxAge()), nonces, Clock.systemUTC());
    }

    /** Whether the request needs an authenticated client. */
    static boolean protectedPath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/v1/")) {
            return false;
        }
        return !(path.equals("/v1/verify") && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !protectedPath(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<X509Certificate> presented = clientCertificate(request);
        if (presented.isPresent()) {
            String keyId = ClientRegistry.keyId(presented.get());
            Optional<RegisteredClient> client = registry.active(keyId);
            if (client.isEmpty()) {
                refuse(response, "UNKNOWN_CLIENT", "the TLS client certificate (fingerprint " + keyId
                        + ") is not registered with this issuer, or its registration is inactive");
                return;
            }
            request.setAttribute(RegisteredClient.ATTRIBUTE, client.get());
            chain.doFilter(request, response);
            return;
        }
        BufferedRequest buffered = BufferedRequest.read(request, maxRequestBytes);
        if (buffered == null) {
            problem(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "TOO_LARGE",
                    "the request body is larger than " + maxRequestBytes + " bytes", false);
            return;
        }
        try {
            VerifiedSignature signature = verifier.verify(message(buffered));
            // the verifier found the key, so the client was active a moment ago; read it once more for its roles
            RegisteredClient client = registry.active(signature.keyId()).orElse(null);
            if (client == null) {
                refuse(response, "UNKNOWN_KEY", "client " + signature.keyId() + " was deactivated");
                return;
            }
            buffered.setAttribute(RegisteredClient.ATTRIBUTE, client);
            chain.doFilter(buffered, response);
        } catch (SignatureRefused e) {
            LOG.info("{} {} refused: {}", request.getMethod(), request.getRequestURI(), e.refusal());
            refuse(response, e.refusal().name(), e.getMessage());
        }
    }

    /** The request as the signature library sees it: method, target URI, fields and body. */
    static HttpMessage message(BufferedRequest request) {
        StringBuffer url = request.getRequestURL();
        if (request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            fields.computeIfAbsent(name, k -> new ArrayList<>()).addAll(Collections.list(request.getHeaders(name)));
        }
        return HttpMessage.request(request.getMethod(), URI.create(url.toString()), fields, request.body());
    }

    private static Optional<X509Certificate> clientCertificate(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            return Optional.of(chain[0]);
        }
        return Optional.empty();
    }

    private void refuse(HttpServletResponse response, String code, String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Signature realm=\"fapiao-issuer\", headers=\"Signature-Input Signature\"");
        response.setHeader("Accept-Signature", verifier.acceptSignature());
        problem(response, HttpServletResponse.SC_UNAUTHORIZED, code, detail, true);
    }

    private static void problem(HttpServletResponse response, int status, String code, String detail,
            boolean unauthorized) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", unauthorized ? "Unauthorized" : "Content Too Large");
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(Json.mapper().writeValueAsBytes(body));
    }
}
