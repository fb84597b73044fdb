package io.fapiao.service.security;

import io.fapiao.service.trust.RevocationListUnavailable;
import io.fapiao.service.trust.RevocationLists;
import io.fapiao.service.trust.RevocationLists.Revocation;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * The standing of a registered client's certificate at the moment it calls: a certificate that has
 * expired since it was registered, or that its CA has revoked since ({@code client-crls}, read again
 * when the files change, so a revocation takes effect without a restart), no longer authenticates.
 * When the lists cannot be read, or are past their next update, nobody authenticates (fail closed)
 * unless stale lists are allowed by setting.
 *
 * <pre>{@code
 * certificates.requireGoodStanding(client);   // ClientRefused CERTIFICATE_EXPIRED / CERTIFICATE_REVOKED
 * }</pre>
 */
public final class ClientCertificates {
    private final Optional<RevocationLists> revocations;
    private final Clock clock;

    private ClientCertificates(Optional<RevocationLists> revocations, Clock clock) {
        this.revocations = revocations;
        this.clock = clock;
    }

    /** Checks of validity and of the revocation lists of {@code settings}. */
    public static ClientCertificates of(ClientSettings settings, Clock clock) {
        if (settings.clientCrls().isEmpty()) {
            return new ClientCertificates(Optional.empty(), clock);
        }
        if (settings.clientAuthorities().isEmpty()) {
            throw new IllegalStateException(ClientSettings.PREFIX + ".client-crls is set but " + ClientSettings.PREFIX
                    + ".client-authorities is empty: name the CAs whose lists these are");
        }
        try {
            return new ClientCertificates(
                    Optional.of(RevocationLists.load(
                            settings.clientCrls(),
                            ClientRoster.authorities(settings),
                            settings.allowStaleCrls(),
                            clock,
                            ClientSettings.PREFIX)),
                    clock);
        } catch (RevocationListUnavailable e) {
            throw new IllegalStateException(ClientSettings.PREFIX + ".client-crls: " + e.getMessage(), e);
        }
    }

    /** Validity only: for a service without revocation lists. */
    public static ClientCertificates validityOnly(Clock clock) {
        return new ClientCertificates(Optional.empty(), clock);
    }

    /**
     * Passes when the client's certificate is valid now and not revoked.
     *
     * @throws ClientRefused {@code CERTIFICATE_EXPIRED}, {@code CERTIFICATE_REVOKED}, or
     *     {@code REVOCATION_UNAVAILABLE} when the lists cannot be read
     */
    public void requireGoodStanding(ServiceClient client) {
        X509Certificate certificate = client.certificate();
        try {
            certificate.checkValidity(Date.from(clock.instant()));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new ClientRefused(
                    "CERTIFICATE_EXPIRED",
                    "the certificate of client " + client.name()
                            + " is valid from " + certificate.getNotBefore().toInstant() + " to "
                            + certificate.getNotAfter().toInstant() + ", not now; renew it and register the new one");
        }
        if (revocations.isEmpty()) {
            return;
        }
        Optional<Revocation> revoked;
        try {
            revoked = revocations.get().revocationOf(certificate);
        } catch (RevocationListUnavailable e) {
            throw new ClientRefused(
                    "REVOCATION_UNAVAILABLE",
                    "the service cannot tell whether client certificates "
                            + "are revoked, so it refuses them all until its operator fixes the revocation lists");
        }
        if (revoked.isPresent() && revoked.get().effectiveAt(clock.instant())) {
            throw new ClientRefused(
                    "CERTIFICATE_REVOKED",
                    "the certificate of client " + client.name() + " was revoked by its CA at "
                            + revoked.get().revokedAt() + " (" + revoked.get().reason() + ")");
        }
    }
}
