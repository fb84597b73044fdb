package io.fapiao.ledger.consortium;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An organisation's certificate revocation list, signed by its CA. Each revocation writes a new list
 * holding every earlier entry and the new one, with the next CRL number. The authority key identifier
 * is set because Fabric matches a CRL to the CA by it.
 */
final class RevocationList {

    private RevocationList() {}

    /** The PEM text of {@code previous} plus {@code revoked}, signed by {@code ca}. */
    static String adding(Optional<X509CRL> previous, X509Certificate revoked, Identity ca, Instant now) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(
                            ca.certificate().getSubjectX500Principal().getEncoded()),
                    Date.from(now));
            // Valid until the CA itself expires: a development consortium has no CRL distribution
            // point to fetch a fresh list from, and OpenSSL refuses a list past its nextUpdate.
            builder.setNextUpdate(ca.certificate().getNotAfter());
            BigInteger number = BigInteger.ONE;
            if (previous.isPresent()) {
                for (X509CRLEntry entry : previous.get().getRevokedCertificates() == null
                        ? java.util.Set.<X509CRLEntry>of()
                        : previous.get().getRevokedCertificates()) {
                    builder.addCRLEntry(entry.getSerialNumber(), entry.getRevocationDate(), CRLReason.unspecified);
                }
                number = crlNumber(previous.get()).add(BigInteger.ONE);
            }
            builder.addCRLEntry(revoked.getSerialNumber(), Date.from(now), CRLReason.unspecified);
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            X509CRL crl = new JcaX509CRLConverter()
                    .getCRL(builder.build(
                            new JcaContentSignerBuilder(CryptoSuite.INTL.signatureAlgorithm()).build(ca.privateKey())));
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(crl);
            }
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot sign the revocation list of " + ca.certificate().getSubjectX500Principal(), e);
        }
    }

    static X509CRL parse(byte[] pem) throws GeneralSecurityException {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(pem));
    }

    private static BigInteger crlNumber(X509CRL crl) {
        byte[] extension = crl.getExtensionValue(Extension.cRLNumber.getId());
        if (extension == null) {
            return BigInteger.ONE;
        }
        return CRLNumber.getInstance(org.bouncycastle.asn1.ASN1OctetString.getInstance(extension)
                        .getOctets())
                .getCRLNumber();
    }
}
