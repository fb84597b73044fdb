package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;

/**
 * The certificate authorities whose end-entity certificates a party accepts, such as the CAs of the
 * consortium's organisations. A certificate passes when one of them issued and signed it, it is not
 * itself a CA, and both it and its issuer were valid at the time asked about.
 *
 * <p>Revocation is not checked here: a revocation list changes over time and is the concern of the
 * service that holds it (the ledger's MSP, the finance verifier).
 *
 * <pre>{@code
 * CertificateTrust trust = CertificateTrust.of(List.of(hospitalCa, financeCa));
 * trust.check(signerCertificate, issuedAt);
 * }</pre>
 */
public final class CertificateTrust {
    private final List<X509Certificate> authorities;

    private CertificateTrust(List<X509Certificate> authorities) {
        this.authorities = authorities;
    }

    public static CertificateTrust of(Collection<X509Certificate> authorities) {
        if (authorities.isEmpty()) {
            throw new IllegalArgumentException("at least one certificate authority is needed");
        }
        return new CertificateTrust(List.copyOf(authorities));
    }

    public List<X509Certificate> authorities() {
        return authorities;
    }

    /**
     * Checks that {@code certificate} was issued by one of the authorities and valid at {@code at}.
     *
     * @throws ProtocolException {@link ErrorCode#CERTIFICATE_INVALID}, saying why
     */
    public void check(X509Certificate certificate, Instant at) throws ProtocolException {
        if (certificate.getBasicConstraints() >= 0) {
            throw invalid(certificate, "is a CA certificate, not an end-entity certificate");
        }
        X509Certificate issuer = issuerOf(certificate);
        Date when = Date.from(at);
        checkValidity(certificate, when, "");
        checkValidity(issuer, when, "its issuer ");
    }

    private X509Certificate issuerOf(X509Certificate certificate) throws ProtocolException {
        for (X509Certificate authority : authorities) {
            if (!authority.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue;
            }
            try {
                certificate.verify(authority.getPublicKey(), BouncyCastle.PROVIDER);
                return authority;
            } catch (GeneralSecurityException | RuntimeException e) {
                throw invalid(
                        certificate, "is not signed by the trusted authority " + authority.getSubjectX500Principal());
            }
        }
        throw invalid(
                certificate,
                "was issued by " + certificate.getIssuerX500Principal()
                        + ", which is not a trusted certificate authority");
    }

    private static void checkValidity(X509Certificate certificate, Date when, String whose) throws ProtocolException {
        try {
            certificate.checkValidity(when);
        } catch (CertificateExpiredException e) {
            throw invalid(
                    certificate,
                    whose + "expired " + certificate.getNotAfter().toInstant() + ", before " + when.toInstant());
        } catch (CertificateNotYetValidException e) {
            throw invalid(
                    certificate,
                    whose + "is valid only from " + certificate.getNotBefore().toInstant() + ", after "
                            + when.toInstant());
        }
    }

    private static ProtocolException invalid(X509Certificate certificate, String why) {
        return new ProtocolException(
                ErrorCode.CERTIFICATE_INVALID, "certificate " + certificate.getSubjectX500Principal() + " " + why);
    }
}
