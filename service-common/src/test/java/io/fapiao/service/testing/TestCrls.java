package io.fapiao.service.testing;

import io.fapiao.protocol.crypto.CertificateAuthority;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * For tests: a PEM revocation list a CA signs, naming one certificate (reason keyCompromise).
 *
 * <pre>{@code
 * Files.write(crls.resolve("crl.pem"), TestCrls.revoking(ca, Instant.now(), null, client.certificate(), null));
 * }</pre>
 */
public final class TestCrls {
    private TestCrls() {}

    /**
     * The list, issued at {@code revokedAt}.
     *
     * @param invalidAt  the entry's invalidity date, or null
     * @param nextUpdate when the CA promises the next list, or null
     */
    public static byte[] revoking(
            CertificateAuthority ca, Instant revokedAt, Instant invalidAt, X509Certificate revoked, Instant nextUpdate)
            throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), Date.from(revokedAt));
        if (nextUpdate != null) {
            builder.setNextUpdate(Date.from(nextUpdate));
        }
        ExtensionsGenerator entry = new ExtensionsGenerator();
        entry.addExtension(Extension.reasonCode, false, CRLReason.lookup(CRLReason.keyCompromise));
        if (invalidAt != null) {
            entry.addExtension(Extension.invalidityDate, false, new ASN1GeneralizedTime(Date.from(invalidAt)));
        }
        builder.addCRLEntry(revoked.getSerialNumber(), Date.from(revokedAt), entry.generate());
        var holder = builder.build(new JcaContentSignerBuilder(ca.suite().signatureAlgorithm())
                .setProvider(new BouncyCastleProvider())
                .build(ca.identity().privateKey()));
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(holder);
        }
        return pem.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
