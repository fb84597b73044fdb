package io.fapiao.issuer.auth;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Uscc;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Brings the client registry to the configured list when the service starts, before it serves a
 * request: each configured certificate must chain to a configured consortium CA and be valid now;
 * its roles must be known; an enterprise needs a valid USCC. Any problem stops the start with a
 * message naming the property to fix, rather than running with a client half registered. Running it
 * again with the same configuration changes nothing.
 *
 * <pre>{@code
 * fapiao.issuer.client-authorities[0]=.fapiao/ledger/crypto/IssuerOrg/ca/ca.pem
 * fapiao.issuer.clients[0].certificate=.fapiao/clients/desk.pem
 * fapiao.issuer.clients[0].roles=issuer
 * }</pre>
 */
@Component
public class ClientBootstrap implements SmartInitializingSingleton {
    private static final Logger LOG = LoggerFactory.getLogger(ClientBootstrap.class);

    private final ClientProperties properties;
    private final ClientRegistry registry;

    public ClientBootstrap(ClientProperties properties, ClientRegistry registry) {
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<RegisteredClient> clients = configuredClients();
        List<String> keyIds = new ArrayList<>();
        for (RegisteredClient client : clients) {
            registry.register(client);
            keyIds.add(client.keyId());
            LOG.info(
                    "REST client {} registered: keyid {}, roles {}, active {}",
                    client.name(),
                    client.keyId(),
                    client.roles(),
                    client.active());
        }
        int deactivated = registry.deactivateAllBut(keyIds);
        if (deactivated > 0) {
            LOG.info("{} REST client(s) no longer configured were deactivated", deactivated);
        }
    }

    /** The configured clients, checked. */
    List<RegisteredClient> configuredClients() {
        if (properties.clients().isEmpty()) {
            return List.of();
        }
        CertificateTrust trust = trust();
        List<RegisteredClient> clients = new ArrayList<>();
        for (int i = 0; i < properties.clients().size(); i++) {
            clients.add(client(i, properties.clients().get(i), trust));
        }
        return clients;
    }

    private CertificateTrust trust() {
        if (properties.clientAuthorities().isEmpty()) {
            throw new IllegalStateException("fapiao.issuer.clients are configured but fapiao.issuer.client-authorities "
                    + "is empty: name the consortium CA certificate(s) the client certificates chain to");
        }
        List<X509Certificate> authorities = new ArrayList<>();
        for (Path file : properties.clientAuthorities()) {
            try {
                authorities.addAll(Pem.certificates(Files.readString(file)));
            } catch (IOException | ProtocolException e) {
                throw new IllegalStateException(
                        "fapiao.issuer.client-authorities: cannot read a PEM certificate from " + file + ": "
                                + e.getMessage(),
                        e);
            }
        }
        return CertificateTrust.of(authorities);
    }

    private static RegisteredClient client(int index, ClientProperties.Client configured, CertificateTrust trust) {
        String property = "fapiao.issuer.clients[" + index + "]";
        if (configured.certificate() == null) {
            throw new IllegalStateException(property + ".certificate is not set");
        }
        X509Certificate certificate;
        try {
            certificate = Pem.certificate(Files.readString(configured.certificate()));
        } catch (IOException | ProtocolException e) {
            throw new IllegalStateException(
                    property + ".certificate: cannot read a PEM certificate from " + configured.certificate() + ": "
                            + e.getMessage(),
                    e);
        }
        try {
            trust.check(certificate, Instant.now());
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    property + ".certificate " + configured.certificate()
                            + " is not usable: " + e.getMessage()
                            + "; it must be issued by a CA of fapiao.issuer.client-authorities "
                            + "and valid now",
                    e);
        }
        Set<ClientRole> roles = EnumSet.noneOf(ClientRole.class);
        for (String role : configured.roles()) {
            try {
                roles.add(ClientRole.named(role));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(property + ".roles: " + e.getMessage(), e);
            }
        }
        if (roles.isEmpty()) {
            throw new IllegalStateException(property + ".roles is empty: give issuer, enterprise and/or claimant");
        }
        String uscc = configured.uscc() == null || configured.uscc().isBlank()
                ? null
                : configured.uscc().strip();
        if (roles.contains(ClientRole.ENTERPRISE) && uscc == null) {
            throw new IllegalStateException(property + " has role enterprise but no uscc: an enterprise client "
                    + "submits invoice requests only for the seller USCC it is registered with");
        }
        if (uscc != null && !Uscc.isValid(uscc)) {
            throw new IllegalStateException(property + ".uscc " + uscc + " is not a valid unified social credit code");
        }
        String name = configured.name() == null || configured.name().isBlank()
                ? certificate.getSubjectX500Principal().getName()
                : configured.name().strip();
        return new RegisteredClient(
                ClientRegistry.keyId(certificate), name, certificate, roles, uscc, configured.active());
    }
}
