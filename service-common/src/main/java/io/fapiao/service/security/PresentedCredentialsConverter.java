package io.fapiao.service.security;

import io.fapiao.httpsig.HttpMessage;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * What a request presents: the verified TLS client certificate Tomcat put on it (mutual TLS), else its
 * signature with the message it covers (method, target URI as received, fields, buffered body), else
 * nothing (the request stays anonymous, and a protected route then answers 401).
 */
final class PresentedCredentialsConverter implements AuthenticationConverter {
    static final String CLIENT_CERTIFICATE_ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    @Override
    public Authentication convert(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE_ATTRIBUTE) instanceof X509Certificate[] chain && chain.length > 0) {
            return PresentedCredentials.certificate(chain[0]);
        }
        if (request.getHeader("Signature-Input") == null && request.getHeader("Signature") == null) {
            return null;
        }
        return PresentedCredentials.signed(message(request));
    }

    private static HttpMessage message(HttpServletRequest request) {
        StringBuffer url = request.getRequestURL();
        if (request.getQueryString() != null) {
            url.append('?').append(request.getQueryString());
        }
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            fields.computeIfAbsent(name, k -> new ArrayList<>()).addAll(Collections.list(request.getHeaders(name)));
        }
        byte[] body = unwrap(request) instanceof BufferedRequest buffered ? buffered.body() : new byte[0];
        return HttpMessage.request(request.getMethod(), URI.create(url.toString()), fields, body);
    }

    /** The buffered request under the security chain's own wrappers (its firewall's). */
    private static Object unwrap(HttpServletRequest request) {
        jakarta.servlet.ServletRequest current = request;
        while (current instanceof jakarta.servlet.ServletRequestWrapper wrapper
                && !(current instanceof BufferedRequest)) {
            current = wrapper.getRequest();
        }
        return current;
    }
}
