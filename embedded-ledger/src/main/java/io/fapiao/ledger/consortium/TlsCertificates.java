package io.fapiao.ledger.consortium;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * TLS certificates from an organisation's TLS CA. The protocol's {@code CertificateAuthority} writes
 * DNS names only; a TLS server reached as {@code 127.0.0.1} needs an IP address name, and TLS stacks
 * check the extended key usage, so TLS certificates are built here.
 */
final class TlsCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsCertificates() {}

    /** A server and client certificate (the node serves and, for mutual TLS, also dials). */
    static Identity server(Identity tlsCa, String commonName, List<String> hostNames, Instant from, Instant until) {
        return issue(tlsCa, commonName, hostNames, from, until, new KeyPurposeId[] {
            KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
        });
    }

    static Identity client(Identity tlsCa, String commonName, Instant from, Instant until) {
        return issue(tlsCa, commonName, List.of(), from, until, new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth});
    }

    private static Identity issue(
            Identity tlsCa,
            String commonName,
            List<String> hostNames,
            Instant from,
            Instant until,
            KeyPurposeId[] purposes) {
        KeyPair keys = CryptoSuite.INTL.generateKeyPair();
        X500Name issuer = X500Name.getInstance(
                tlsCa.certificate().getSubjectX500Principal().getEncoded());
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN");
        for (var rdn : issuer.getRDNs(BCStyle.O)) {
            subject.addRDN(BCStyle.O, rdn.getFirst().getValue());
        }
        subject.addRDN(BCStyle.CN, commonName);
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            new BigInteger(127, RANDOM).add(BigInteger.ONE),
                            Date.from(from),
                            Date.from(until),
                            subject.build(),
                            keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(tlsCa.certificate()));
            if (!hostNames.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String host : hostNames) {
                    names.add(
                            isIpAddress(host)
                                    ? new GeneralName(GeneralName.iPAddress, host)
                                    : new GeneralName(GeneralName.dNSName, host));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(CryptoSuite.INTL.signatureAlgorithm())
                            .build(tlsCa.privateKey())));
            return new Identity(certificate, keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a TLS certificate for " + commonName, e);
        }
    }

    static boolean isIpAddress(String host) {
        return host.matches("\\d{1,3}(\\.\\d{1,3}){3}") || host.contains(":");
    }
}
