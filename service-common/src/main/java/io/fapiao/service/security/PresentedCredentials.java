package io.fapiao.service.security;

import io.fapiao.httpsig.HttpMessage;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * What a request presented, not yet checked: a verified TLS client certificate, or a signed message
 * (method, target URI, fields, body). {@link ClientAuthenticationProvider} turns it into a
 * {@link ClientAuthentication} or refuses it.
 */
final class PresentedCredentials extends AbstractAuthenticationToken {
    private final transient X509Certificate certificate;
    private final transient HttpMessage message;

    private PresentedCredentials(X509Certificate certificate, HttpMessage message) {
        super(List.of());
        this.certificate = certificate;
        this.message = message;
    }

    static PresentedCredentials certificate(X509Certificate certificate) {
        return new PresentedCredentials(certificate, null);
    }

    static PresentedCredentials signed(HttpMessage message) {
        return new PresentedCredentials(null, message);
    }

    /** The TLS client certificate, or null for a signed request. */
    X509Certificate clientCertificate() {
        return certificate;
    }

    /** The signed request, or null for a TLS client. */
    HttpMessage message() {
        return message;
    }

    @Override
    public Object getCredentials() {
        return certificate != null ? certificate : message;
    }

    @Override
    public Object getPrincipal() {
        return null;
    }
}
