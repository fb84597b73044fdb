package io.fapiao.service.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate revocation lists of the authorities a verifier trusts, read from files (an MSP's
 * {@code crls/} folder) and read again whenever a file is added, removed or replaced, so that a
 * revocation takes effect without a restart. A list counts only when one of the trusted authorities
 * signed it; any other file there is an error rather than something quietly ignored, because a
 * verifier that cannot read its revocation lists must not accept bills as if nothing were revoked.
 *
 * <pre>{@code
 * RevocationLists crls = RevocationLists.load(List.of(Path.of("msp/crls")), trust.authorities());
 * Optional<Revocation> revoked = crls.revocationOf(signerCertificate);
 * if (revoked.isPresent() && revoked.get().effectiveAt(issuedAt)) { ... CERTIFICATE_REVOKED ... }
 * }</pre>
 */
public final class RevocationLists {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationLists.class);
    // SM2-signed lists need BouncyCastle; an instance of our own keeps the JVM's provider list unchanged.
    private static final Provider PROVIDER = new BouncyCastleProvider();
    private static final String DEFAULT_SETTINGS = "fapiao.verifier.trust";

    private final List<Path> sources;
    private final List<X509Certificate> authorities;
    private final boolean allowStale;
    private final Clock clock;
    private final String settings;
    private final Set<String> staleWarned = ConcurrentHashMap.newKeySet();
    private volatile Loaded loaded;

    private RevocationLists(
            List<Path> sources,
            List<X509Certificate> authorities,
            Loaded loaded,
            boolean allowStale,
            Clock clock,
            String settings) {
        this.sources = sources;
        this.authorities = authorities;
        this.loaded = loaded;
        this.allowStale = allowStale;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Reads the lists in {@code sources} (files or folders; a folder that does not exist yet counts as
     * empty until it appears), each of which one of {@code authorities} must have signed.
     *
     * @throws RevocationListUnavailable when a file cannot be read, is not a CRL, or no trusted
     *     authority signed it
     */
    public static RevocationLists load(List<Path> sources, Collection<X509Certificate> authorities)
            throws RevocationListUnavailable {
        return load(sources, authorities, false, Clock.systemUTC(), DEFAULT_SETTINGS);
    }

    /**
     * As {@link #load(List, Collection)}; a list past its {@code nextUpdate} is refused unless
     * {@code allowStale}, when it is used with a warning.
     */
    public static RevocationLists load(
            List<Path> sources, Collection<X509Certificate> authorities, boolean allowStale, Clock clock)
            throws RevocationListUnavailable {
        return load(sources, authorities, allowStale, clock, DEFAULT_SETTINGS);
    }

    /**
     * As {@link #load(List, Collection, boolean, Clock)}, with messages naming the settings under
     * {@code settings} (say {@code fapiao.security.clients-trust}) that hold the authorities and lists.
     */
    public static RevocationLists load(
            List<Path> sources,
            Collection<X509Certificate> authorities,
            boolean allowStale,
            Clock clock,
            String settings)
            throws RevocationListUnavailable {
        List<Path> copy = List.copyOf(sources);
        List<X509Certificate> cas = List.copyOf(authorities);
        return new RevocationLists(copy, cas, read(copy, cas, settings), allowStale, clock, settings);
    }

    /**
     * The revocation of {@code certificate}, if a trusted list names it. Reads the lists again first
     * when their files changed since the last call.
     *
     * @throws RevocationListUnavailable when changed files cannot be read; the verdict must wait
     */
    public Optional<Revocation> revocationOf(X509Certificate certificate) throws RevocationListUnavailable {
        for (SignedList list : current().lists()) {
            requireFresh(list);
            X509CRLEntry entry = list.crl().getRevokedCertificate(certificate);
            if (entry != null) {
                return Optional.of(new Revocation(
                        certificate.getSerialNumber().toString(16),
                        entry.getRevocationDate().toInstant(),
                        invalidityDate(entry),
                        reason(entry),
                        list.file().toString()));
            }
        }
        return Optional.empty();
    }

    /**
     * A list past its {@code nextUpdate} no longer says what is revoked now: its authority promised a
     * newer one by then. Fail closed (the verdict waits, as for an unreadable list) unless stale lists
     * were allowed by setting.
     */
    private void requireFresh(SignedList list) throws RevocationListUnavailable {
        Date nextUpdate = list.crl().getNextUpdate();
        if (nextUpdate == null || !clock.instant().isAfter(nextUpdate.toInstant())) {
            return;
        }
        String what = "the revocation list " + list.file() + " of " + list.crl().getIssuerX500Principal()
                + " was due to be replaced at " + nextUpdate.toInstant();
        if (!allowStale) {
            throw new RevocationListUnavailable(
                    what + "; put the authority's current list there (or set " + settings
                            + ".allow-stale-crls=true to use it anyway, with a warning)",
                    null);
        }
        if (staleWarned.add(list.file() + "@" + nextUpdate.getTime())) {
            LOG.warn("{}; used anyway because {}.allow-stale-crls is set", what, settings);
        }
    }

    /** How many lists are in force now. */
    public int size() throws RevocationListUnavailable {
        return current().lists().size();
    }

    private Loaded current() throws RevocationListUnavailable {
        Loaded now = loaded;
        List<String> stamp;
        try {
            stamp = TrustFiles.stamp(sources);
        } catch (IOException e) {
            throw new RevocationListUnavailable(
                    "cannot look at the revocation lists " + sources + ": " + e.getMessage(), e);
        }
        if (stamp.equals(now.stamp())) {
            return now;
        }
        synchronized (this) {
            if (!stamp.equals(loaded.stamp())) {
                loaded = read(sources, authorities, settings);
                LOG.info(
                        "revocation lists read again: {} list(s) from {}",
                        loaded.lists().size(),
                        sources);
            }
            return loaded;
        }
    }

    private static Loaded read(List<Path> sources, List<X509Certificate> authorities, String settings)
            throws RevocationListUnavailable {
        try {
            // Stamp first: a file replaced while we read it then differs at the next look and is read again.
            List<String> stamp = TrustFiles.stamp(sources);
            List<SignedList> lists = new ArrayList<>();
            for (Path file : TrustFiles.expand(sources, true)) {
                for (X509CRL crl : parse(file)) {
                    lists.add(new SignedList(crl, signerOf(crl, file, authorities, settings), file));
                }
            }
            return new Loaded(stamp, List.copyOf(lists));
        } catch (IOException e) {
            throw new RevocationListUnavailable(
                    "cannot read the revocation lists " + sources + ": " + e.getMessage(), e);
        }
    }

    private static List<X509CRL> parse(Path file) throws IOException, RevocationListUnavailable {
        byte[] bytes = Files.readAllBytes(file);
        try {
            Collection<? extends CRL> parsed =
                    CertificateFactory.getInstance("X.509", PROVIDER).generateCRLs(new ByteArrayInputStream(bytes));
            if (parsed.isEmpty()) {
                throw new RevocationListUnavailable(
                        file + " holds no X.509 revocation list (PEM or DER); "
                                + "remove it from the revocation list folder",
                        null);
            }
            List<X509CRL> crls = new ArrayList<>();
            for (CRL crl : parsed) {
                crls.add((X509CRL) crl);
            }
            return crls;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new RevocationListUnavailable(
                    file + " is not a readable X.509 revocation list: " + e.getMessage(), e);
        }
    }

    private static X509Certificate signerOf(X509CRL crl, Path file, List<X509Certificate> authorities, String settings)
            throws RevocationListUnavailable {
        for (X509Certificate authority : authorities) {
            if (!authority.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                continue;
            }
            try {
                crl.verify(authority.getPublicKey(), PROVIDER);
                return authority;
            } catch (GeneralSecurityException | RuntimeException e) {
                // Another trusted authority may share the name; keep looking.
            }
        }
        throw new RevocationListUnavailable(
                "the revocation list " + file + " of " + crl.getIssuerX500Principal()
                        + " is not signed by any trusted certificate authority; add that CA to "
                        + settings + ".ca-certificates or remove the list",
                null);
    }

    private static Instant invalidityDate(X509CRLEntry entry) {
        byte[] extension = entry.getExtensionValue(Extension.invalidityDate.getId());
        if (extension == null) {
            return null;
        }
        try {
            return ASN1GeneralizedTime.getInstance(
                            ASN1OctetString.getInstance(extension).getOctets())
                    .getDate()
                    .toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            return null; // an unreadable optional extension: the revocation date alone decides
        }
    }

    private static String reason(X509CRLEntry entry) {
        return entry.getRevocationReason() == null
                ? "UNSPECIFIED"
                : entry.getRevocationReason().name();
    }

    @Override
    public String toString() {
        return "RevocationLists" + sources;
    }

    private record Loaded(List<String> stamp, List<SignedList> lists) {}

    private record SignedList(X509CRL crl, X509Certificate authority, Path file) {}

    /**
     * A certificate a trusted list revokes.
     *
     * @param serial         the certificate's serial number, hexadecimal
     * @param revokedAt      the list's revocation date
     * @param invalidAt      the entry's invalidity date (when the key is known or suspected to have been
     *                       compromised), or null when the list gives none
     * @param reason         the CRL reason, e.g. KEY_COMPROMISE, or UNSPECIFIED
     * @param list           the file the list was read from
     */
    public record Revocation(String serial, Instant revokedAt, Instant invalidAt, String reason, String list) {

        /**
         * Whether the certificate was no longer to be trusted at {@code time}: at or after the
         * revocation date, or the invalidity date when that is earlier. A bill issued before either was
         * signed by a certificate in good standing.
         */
        public boolean effectiveAt(Instant time) {
            Instant from = invalidAt != null && invalidAt.isBefore(revokedAt) ? invalidAt : revokedAt;
            return !time.isBefore(from);
        }
    }
}
