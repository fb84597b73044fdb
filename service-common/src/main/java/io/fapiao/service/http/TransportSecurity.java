package io.fapiao.service.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.AbstractConfigurableWebServerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * HTTPS or nothing: a service whose server has no TLS configured ({@code server.ssl.*}, the
 * consortium's material that {@code ./fapiao up} writes) refuses to start, before it listens, unless
 * plain HTTP was chosen by name for development ({@code fapiao.http.plaintext=true}), which it then
 * says at every start. Signatures protect a request's integrity but not its confidentiality: bills,
 * verdicts and proof bundles would cross the network readable.
 *
 * <pre>{@code
 * server.ssl.certificate=/etc/fapiao/tls/his-adapter/cert.pem
 * server.ssl.certificate-private-key=/etc/fapiao/tls/his-adapter/key.pem
 * }</pre>
 */
final class TransportSecurity implements WebServerFactoryCustomizer<AbstractConfigurableWebServerFactory>, Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(TransportSecurity.class);

    private final boolean plaintextAllowed;

    TransportSecurity(boolean plaintextAllowed) {
        this.plaintextAllowed = plaintextAllowed;
    }

    /** After Boot's own customizer has applied {@code server.ssl.*}. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(AbstractConfigurableWebServerFactory factory) {
        if (Ssl.isEnabled(factory.getSsl())) {
            return;
        }
        if (!plaintextAllowed) {
            throw new IllegalStateException(
                    "TRANSPORT_NOT_SECURE: this service has no TLS configured (server.ssl.*) and "
                            + "will not serve plain HTTP; give it a certificate and key (./fapiao up writes them under "
                            + "<home>/tls), or set fapiao.http.plaintext=true for development only");
        }
        LOG.warn("serving plain HTTP because fapiao.http.plaintext is set: requests, bills and answers cross the "
                + "network readable; development only");
    }
}
