package io.fapiao.service.security;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Uscc;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.service.trust.TrustFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service's callers as its configuration registers them ({@link ClientSettings}), checked once at
 * start: each certificate must chain to a configured client authority, each role must
 * be one the service knows, a role scoped by submitter needs at least one valid USCC. Any problem stops
 * the start with a message naming the property to fix, rather than running with a client half
 * registered. An inactive client stays listed (and logged) but never authenticates.
 *
 * <pre>{@code
 * @Bean ClientDirectory adapterClients(ClientSettings settings) {
 *     return ClientRoster.load(settings, Set.of("his", "operator"), Set.of("his"));
 * }
 * }</pre>
 */
public final class ClientRoster implements ClientDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRoster.class);

    private final Map<String, RosterClient> active;

    private ClientRoster(Map<String, RosterClient> active) {
        this.active = Map.copyOf(active);
    }

    /**
     * The clients of {@code settings}.
     *
     * @param knownRoles  the roles this service gives meaning to, lower case
     * @param scopedRoles those of them that act for named submitters only, so need {@code submitters}
     * @throws IllegalStateException naming the property when a client cannot be registered
     */
    public static ClientRoster load(ClientSettings settings, Set<String> knownRoles, Set<String> scopedRoles) {
        Map<String, RosterClient> active = new LinkedHashMap<>();
        if (settings.clients().isEmpty()) {
            LOG.warn(
                    "no clients are registered ({}.clients): every route but the public ones is refused",
                    ClientSettings.PREFIX);
            return new ClientRoster(active);
        }
        CertificateTrust trust = trust(settings);
        for (int i = 0; i < settings.clients().size(); i++) {
            ClientSettings.Client configured = settings.clients().get(i);
            RosterClient client =
                    client(ClientSettings.PREFIX + ".clients[" + i + "]", configured, trust, knownRoles, scopedRoles);
            if (active.containsKey(client.keyId())) {
                throw new IllegalStateException(ClientSettings.PREFIX + ".clients[" + i + "] registers the certificate "
                        + configured.certificate() + " a second time; give each client its own certificate");
            }
            LOG.info(
                    "client {} registered: keyid {}, roles {}, submitters {}, active {}",
                    client.name(),
                    client.keyId(),
                    client.roleNames(),
                    client.submitters(),
                    configured.active());
            if (configured.active()) {
                active.put(client.keyId(), client);
            }
        }
        return new ClientRoster(active);
    }

    @Override
    public Optional<RosterClient> active(String keyId) {
        return Optional.ofNullable(active.get(keyId));
    }

    /** The active clients. */
    public List<RosterClient> clients() {
        return List.copyOf(active.values());
    }

    private static CertificateTrust trust(ClientSettings settings) {
        if (settings.clientAuthorities().isEmpty()) {
            throw new IllegalStateException(ClientSettings.PREFIX + ".clients are configured but "
                    + ClientSettings.PREFIX + ".client-authorities is empty: name the CA certificate(s) the client "
                    + "certificates chain to");
        }
        return CertificateTrust.of(authorities(settings));
    }

    /** The CA certificates of {@code client-authorities}. */
    static List<X509Certificate> authorities(ClientSettings settings) {
        List<X509Certificate> authorities = new ArrayList<>();
        try {
            for (Path file : TrustFiles.expand(settings.clientAuthorities(), false)) {
                authorities.addAll(Pem.certificates(Files.readString(file)));
            }
        } catch (IOException | ProtocolException e) {
            throw new IllegalStateException(
                    ClientSettings.PREFIX + ".client-authorities: cannot read a PEM " + "certificate from "
                            + settings.clientAuthorities() + ": " + e.getMessage(),
                    e);
        }
        return authorities;
    }

    private static RosterClient client(
            String property,
            ClientSettings.Client configured,
            CertificateTrust trust,
            Set<String> knownRoles,
            Set<String> scopedRoles) {
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
        // The chain is checked within the certificate's validity: an expired client is a warning here and a
        // refusal at each request (ClientCertificates), not a service that will not start for everyone else.
        Instant now = Instant.now();
        Instant from = certificate.getNotBefore().toInstant();
        Instant until = certificate.getNotAfter().toInstant();
        Instant at = now.isBefore(from) ? from : now.isAfter(until) ? until : now;
        try {
            trust.check(certificate, at);
        } catch (ProtocolException e) {
            throw new IllegalStateException(
                    property + ".certificate " + configured.certificate() + " is not usable: "
                            + e.getMessage() + "; it must be issued by a CA of " + ClientSettings.PREFIX
                            + ".client-authorities",
                    e);
        }
        if (!at.equals(now)) {
            LOG.warn(
                    "{}.certificate {} is valid from {} to {}, not now: the client is refused until it is renewed",
                    property,
                    configured.certificate(),
                    from,
                    until);
        }
        Set<String> roles = new LinkedHashSet<>();
        for (String role : configured.roles()) {
            String name = role.strip().toLowerCase(Locale.ROOT);
            if (!knownRoles.contains(name)) {
                throw new IllegalStateException(property + ".roles: role '" + role + "' is not one of " + knownRoles);
            }
            roles.add(name);
        }
        if (roles.isEmpty()) {
            throw new IllegalStateException(property + ".roles is empty: give one or more of " + knownRoles);
        }
        Set<String> submitters = new LinkedHashSet<>();
        for (String uscc : configured.submitters()) {
            if (!Uscc.isValid(uscc.strip())) {
                throw new IllegalStateException(
                        property + ".submitters: " + uscc + " is not a valid unified social credit code");
            }
            submitters.add(uscc.strip());
        }
        for (String role : roles) {
            if (scopedRoles.contains(role) && submitters.isEmpty()) {
                throw new IllegalStateException(property + " has role " + role + " but no submitters: a " + role
                        + " client acts only for the submitters (USCCs) it is registered for");
            }
        }
        String name = configured.name() == null || configured.name().isBlank()
                ? certificate.getSubjectX500Principal().getName()
                : configured.name().strip();
        return new RosterClient(CryptoSuite.INTL.fingerprint(certificate), name, certificate, roles, submitters);
    }
}
