package io.fapiao.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.msp.IdentityRejected;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.Membership;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.Pem;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/** Test-only membership: MSP ID → CA, chain check with {@link CertificateTrust}, a revocation set. */
final class TestMembership implements Membership {

    private final Map<String, CertificateTrust> trust;
    private final Set<BigInteger> revoked = new HashSet<>();

    TestMembership(Map<String, X509Certificate> cas) {
        this.trust = Map.copyOf(cas.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(
                        Map.Entry::getKey, e -> CertificateTrust.of(List.of(e.getValue())))));
    }

    void revoke(X509Certificate certificate) {
        revoked.add(certificate.getSerialNumber());
    }

    @Override
    public Member validate(ByteString serializedIdentity, Instant at) throws IdentityRejected {
        SerializedIdentity id;
        X509Certificate cert;
        try {
            id = SerializedIdentity.parseFrom(serializedIdentity);
            cert = Pem.certificate(id.getIdBytes().toStringUtf8());
        } catch (InvalidProtocolBufferException | ProtocolException e) {
            throw new IdentityRejected(
                    IdentityRejected.Reason.MALFORMED, "not a serialized identity: " + e.getMessage());
        }
        CertificateTrust ca = trust.get(id.getMspid());
        if (ca == null) {
            throw new IdentityRejected(IdentityRejected.Reason.UNKNOWN_MSP, "MSP " + id.getMspid() + " is unknown");
        }
        try {
            ca.check(cert, at);
        } catch (ProtocolException e) {
            boolean expired = at.isAfter(cert.getNotAfter().toInstant())
                    || at.isBefore(cert.getNotBefore().toInstant());
            throw new IdentityRejected(
                    expired ? IdentityRejected.Reason.EXPIRED : IdentityRejected.Reason.UNTRUSTED, e.getMessage());
        }
        if (revoked.contains(cert.getSerialNumber())) {
            throw new IdentityRejected(IdentityRejected.Reason.REVOKED, "the certificate has been revoked");
        }
        return new Member(id.getMspid(), cert, organizationalUnits(cert));
    }

    private static Set<String> organizationalUnits(X509Certificate cert) {
        Set<String> ous = new LinkedHashSet<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("OU")) {
                    ous.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            throw new IllegalArgumentException(e);
        }
        return ous;
    }
}
