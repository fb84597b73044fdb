package io.fapiao.ledger.msp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.msp.IdentityRejected.Reason;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Certificates;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A {@link Membership} over Fabric X.509 MSPs: each organisation is an {@link OrganisationMsp}, and an
 * identity is a member when, in this order (Fabric's order, with Fabric's messages):
 * <ol>
 *   <li>it is a {@code msp.SerializedIdentity} holding exactly one PEM certificate with a P-256 key;</li>
 *   <li>its MSP ID names an organisation of the consortium;</li>
 *   <li>the certificate is not a CA and chains, through the organisation's intermediate certificates,
 *       to one of its root CA certificates, every link valid at the time asked about;</li>
 *   <li>no revocation list signed by a CA of the chain names a certificate of the chain;</li>
 *   <li>with NodeOUs enabled, the certificate carries exactly one role OU.</li>
 * </ol>
 *
 * <p>Every request validates its creator, so results are cached per serialized identity (at most
 * {@value #CACHE_SIZE} entries). An instance never changes: {@link #reload()} reads the folders again
 * into a new instance with an empty cache, so a cached acceptance cannot outlive a CRL change.
 *
 * <pre>{@code
 * MspMembership membership = MspMembership.load(Map.of(
 *         "HospitalOrgMSP", Path.of("crypto/peerOrganizations/hospital.fapiao.local/msp")));
 * Member creator = membership.validate(signatureHeader.getCreator(), Instant.now());
 * membership = membership.reload();   // after a CRL was added
 * }</pre>
 */
public final class MspMembership implements Membership {

    static final int CACHE_SIZE = 4096;

    private static final java.math.BigInteger P256_ORDER =
            new java.math.BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final Map<String, OrganisationMsp> organisations;
    private final Map<ByteString, Outcome> cache = new ConcurrentHashMap<>();

    private MspMembership(Map<String, OrganisationMsp> organisations) {
        this.organisations = organisations;
    }

    /** A membership of these organisations, keyed by their MSP IDs. */
    public static MspMembership of(Collection<OrganisationMsp> organisations) {
        Map<String, OrganisationMsp> byId = new LinkedHashMap<>();
        for (OrganisationMsp organisation : organisations) {
            if (byId.put(organisation.mspId(), organisation) != null) {
                throw new IllegalArgumentException("two organisations have MSP ID " + organisation.mspId());
            }
        }
        return new MspMembership(java.util.Collections.unmodifiableMap(byId));
    }

    /** Reads each MSP folder, keyed by the MSP ID of its organisation. */
    public static MspMembership load(Map<String, Path> mspFolders) throws InvalidMspFolder {
        List<OrganisationMsp> organisations = new ArrayList<>();
        for (var entry : mspFolders.entrySet()) {
            organisations.add(OrganisationMsp.load(entry.getKey(), entry.getValue()));
        }
        return of(organisations);
    }

    /** A new membership with every organisation's folder read again and an empty cache. */
    public MspMembership reload() throws InvalidMspFolder {
        List<OrganisationMsp> fresh = new ArrayList<>();
        for (OrganisationMsp organisation : organisations.values()) {
            fresh.add(organisation.reload());
        }
        return of(fresh);
    }

    /** The organisations by MSP ID, in the order they were given. */
    public Map<String, OrganisationMsp> organisations() {
        return organisations;
    }

    /** Every organisation's TLS CA certificates: what a node trusts for mutual TLS. */
    public List<X509Certificate> tlsRootCertificates() {
        return organisations.values().stream()
                .flatMap(o -> o.tlsRootCertificates().stream())
                .toList();
    }

    @Override
    public Member validate(ByteString serializedIdentity, Instant at) throws IdentityRejected {
        Outcome cached = cache.get(serializedIdentity);
        if (cached != null && cached.appliesAt(at)) {
            return cached.result();
        }
        Outcome outcome = evaluate(serializedIdentity, at);
        if (outcome.cacheable()) {
            remember(serializedIdentity, outcome);
        }
        return outcome.result();
    }

    private void remember(ByteString key, Outcome outcome) {
        // Evicting an arbitrary entry keeps the map bounded without a lock on the read path; a valid
        // identity that falls out is simply validated again on its next request.
        if (cache.size() >= CACHE_SIZE) {
            Iterator<ByteString> keys = cache.keySet().iterator();
            if (keys.hasNext()) {
                cache.remove(keys.next());
            }
        }
        cache.put(key, outcome);
    }

    private Outcome evaluate(ByteString bytes, Instant at) {
        try {
            return check(bytes, at);
        } catch (IdentityRejected e) {
            return Outcome.rejected(e);
        }
    }

    private Outcome check(ByteString bytes, Instant at) throws IdentityRejected {
        SerializedIdentity identity;
        try {
            identity = SerializedIdentity.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IdentityRejected(
                    Reason.MALFORMED, "could not deserialize a SerializedIdentity: " + e.getMessage());
        }
        OrganisationMsp organisation = organisations.get(identity.getMspid());
        if (organisation == null) {
            throw new IdentityRejected(Reason.UNKNOWN_MSP, "MSP " + identity.getMspid() + " is not defined on channel");
        }
        X509Certificate certificate = certificate(identity);
        if (certificate.getBasicConstraints() >= 0) {
            throw new IdentityRejected(
                    Reason.UNTRUSTED,
                    "could not obtain certification chain: An X509 certificate "
                            + "with Basic Constraint: Certificate Authority equals true cannot be used as an identity");
        }
        List<X509Certificate> chain = chain(certificate, organisation);
        checkValidity(chain, at);
        checkPath(chain, at);
        checkRevocation(chain, organisation);
        Set<String> roles = nodeOus(certificate, chain, organisation);
        return Outcome.accepted(new Member(organisation.mspId(), certificate, roles), chain);
    }

    private static X509Certificate certificate(SerializedIdentity identity) throws IdentityRejected {
        String text = identity.getIdBytes().toString(StandardCharsets.UTF_8);
        PemObject block;
        String rest;
        try (PemReader reader = new PemReader(new StringReader(text))) {
            block = reader.readPemObject();
            StringBuilder trailing = new StringBuilder();
            for (int c = reader.read(); c >= 0; c = reader.read()) {
                trailing.append((char) c);
            }
            rest = trailing.toString();
        } catch (IOException | RuntimeException e) {
            block = null;
            rest = "";
        }
        if (block == null || !block.getType().equals("CERTIFICATE")) {
            throw new IdentityRejected(Reason.MALFORMED, "could not decode the PEM structure");
        }
        if (!rest.isBlank()) {
            throw new IdentityRejected(
                    Reason.MALFORMED,
                    "identity for MSP " + identity.getMspid() + " has trailing bytes after its certificate");
        }
        X509Certificate certificate;
        try {
            certificate = Certificates.fromDer(block.getContent());
        } catch (ProtocolException e) {
            throw new IdentityRejected(Reason.MALFORMED, "parseCertificate failed: " + e.getMessage());
        }
        if (!(certificate.getPublicKey() instanceof ECPublicKey key)
                || !key.getParams().getOrder().equals(P256_ORDER)) {
            throw new IdentityRejected(
                    Reason.MALFORMED,
                    "could not validate identity's public key algorithm: "
                            + certificate.getPublicKey().getAlgorithm() + " is not supported; use ECDSA P-256");
        }
        return certificate;
    }

    /** The path from {@code certificate} up to a root, found by issuer name and checked signature. */
    private static List<X509Certificate> chain(X509Certificate certificate, OrganisationMsp organisation)
            throws IdentityRejected {
        List<X509Certificate> chain = new ArrayList<>(List.of(certificate));
        X509Certificate current = certificate;
        // Bounded so that a loop of intermediates cannot hold a request thread.
        for (int depth = 0; depth <= organisation.intermediateCertificates().size(); depth++) {
            for (X509Certificate root : organisation.rootCertificates()) {
                if (signedBy(current, root)) {
                    chain.add(root);
                    return chain;
                }
            }
            X509Certificate next = null;
            for (X509Certificate intermediate : organisation.intermediateCertificates()) {
                if (!chain.contains(intermediate) && signedBy(current, intermediate)) {
                    next = intermediate;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            chain.add(next);
            current = next;
        }
        throw new IdentityRejected(
                Reason.UNTRUSTED,
                "could not obtain certification chain: the supplied identity "
                        + "is not valid: x509: certificate signed by unknown authority (issuer "
                        + certificate.getIssuerX500Principal() + " is not a CA of MSP " + organisation.mspId() + ")");
    }

    private static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!issuer.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void checkValidity(List<X509Certificate> chain, Instant at) throws IdentityRejected {
        Date when = Date.from(at);
        for (X509Certificate link : chain) {
            try {
                link.checkValidity(when);
            } catch (CertificateExpiredException e) {
                throw expired(
                        link,
                        chain,
                        "current time " + RFC3339.format(at) + " is after "
                                + RFC3339.format(link.getNotAfter().toInstant()));
            } catch (CertificateNotYetValidException e) {
                throw expired(
                        link,
                        chain,
                        "current time " + RFC3339.format(at) + " is before "
                                + RFC3339.format(link.getNotBefore().toInstant()));
            }
        }
    }

    private static IdentityRejected expired(X509Certificate link, List<X509Certificate> chain, String when) {
        String whose = link == chain.get(0) ? "" : " (CA " + link.getSubjectX500Principal() + ")";
        return new IdentityRejected(
                Reason.EXPIRED,
                "could not obtain certification chain: the supplied identity "
                        + "is not valid: x509: certificate has expired or is not yet valid: " + when + whose);
    }

    /** The JDK's PKIX checks on the path found: CA flags, key usage, path length, critical extensions. */
    private static void checkPath(List<X509Certificate> chain, Instant at) throws IdentityRejected {
        try {
            X509Certificate root = chain.get(chain.size() - 1);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX")
                    .validate(
                            CertificateFactory.getInstance("X.509")
                                    .generateCertPath(chain.subList(0, chain.size() - 1)),
                            parameters);
        } catch (CertPathValidatorException e) {
            throw new IdentityRejected(
                    Reason.UNTRUSTED,
                    "could not obtain certification chain: the supplied identity is not valid: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX validator is unavailable", e);
        }
    }

    private static void checkRevocation(List<X509Certificate> chain, OrganisationMsp organisation)
            throws IdentityRejected {
        for (int i = 0; i < chain.size() - 1; i++) {
            X509Certificate link = chain.get(i);
            X509Certificate issuer = chain.get(i + 1);
            for (var crl : organisation.crls().entrySet()) {
                // Only a list the issuing CA itself signed (checked at load) may revoke its certificates.
                if (!crl.getValue().equals(issuer)) {
                    continue;
                }
                X509CRLEntry entry = crl.getKey().getRevokedCertificate(link.getSerialNumber());
                if (entry != null) {
                    throw new IdentityRejected(
                            Reason.REVOKED,
                            "could not validate identity against certification "
                                    + "chain: The certificate has been revoked (serial "
                                    + link.getSerialNumber().toString(16)
                                    + ", revoked "
                                    + RFC3339.format(entry.getRevocationDate().toInstant()) + ")");
                }
            }
        }
    }

    private static Set<String> nodeOus(
            X509Certificate certificate, List<X509Certificate> chain, OrganisationMsp organisation)
            throws IdentityRejected {
        List<String> units = organizationalUnits(certificate);
        NodeOus nodeOus = organisation.nodeOus();
        Set<String> roles = new LinkedHashSet<>();
        for (String unit : units) {
            var role = nodeOus.unitFor(unit);
            if (role.isEmpty()) {
                continue;
            }
            if (nodeOus.enabled()
                    && role.get().certifier().isPresent()
                    && !chain.subList(1, chain.size())
                            .contains(role.get().certifier().get())) {
                throw new IdentityRejected(
                        Reason.NODE_OU,
                        "could not validate identity's OUs: certifiersIdentifier " + "does not match: " + units
                                + ", MSP: [" + organisation.mspId() + "]");
            }
            roles.add(role.get().role());
        }
        if (nodeOus.enabled() && roles.isEmpty()) {
            throw new IdentityRejected(
                    Reason.NODE_OU,
                    "could not validate identity's OUs: the identity does not have "
                            + "an OU that resolves to client, peer, orderer, or admin role. OUs: " + units + ", MSP: ["
                            + organisation.mspId() + "]");
        }
        if (nodeOus.enabled() && roles.size() > 1) {
            throw new IdentityRejected(
                    Reason.NODE_OU,
                    "could not validate identity's OUs: the identity must have a "
                            + "client, a peer, an orderer, or an admin OU role to be valid, not a combination of them. OUs: "
                            + units + ", MSP: [" + organisation.mspId() + "]");
        }
        return roles;
    }

    private static List<String> organizationalUnits(X509Certificate certificate) {
        try {
            List<String> units = new ArrayList<>();
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    units.add(rdn.getValue().toString());
                }
            }
            return units;
        } catch (InvalidNameException e) {
            return List.of();
        }
    }

    /** A validation result and the times it holds for. */
    private record Outcome(Member member, IdentityRejected rejection, Instant from, Instant until) {

        /** Holds from the latest notBefore to the earliest notAfter of the chain. */
        static Outcome accepted(Member member, List<X509Certificate> chain) {
            Instant from = Instant.MIN;
            Instant until = Instant.MAX;
            for (X509Certificate link : chain) {
                Instant notBefore = link.getNotBefore().toInstant();
                Instant notAfter = link.getNotAfter().toInstant();
                from = notBefore.isAfter(from) ? notBefore : from;
                until = notAfter.isBefore(until) ? notAfter : until;
            }
            return new Outcome(member, null, from, until);
        }

        static Outcome rejected(IdentityRejected rejection) {
            return new Outcome(null, rejection, Instant.MIN, Instant.MAX);
        }

        /** Expiry depends on the time asked about, so only time-independent rejections are kept. */
        boolean cacheable() {
            return member != null || rejection.reason() != Reason.EXPIRED;
        }

        boolean appliesAt(Instant at) {
            return !at.isBefore(from) && !at.isAfter(until);
        }

        Member result() throws IdentityRejected {
            if (member != null) {
                return member;
            }
            throw new IdentityRejected(rejection.reason(), rejection.getMessage());
        }
    }
}
