package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ProtocolException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for development consortia, tests and test vectors: a self-signed CA that
 * issues end-entity certificates in the shape Hyperledger Fabric's MSPs expect. Production
 * deployments use their organisations' own CAs; nothing else in the protocol depends on this class.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital",
 *         Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2036-01-01T00:00:00Z"));
 * Identity his = ca.issue(IdentityProfile.named("his").withUnit("client").withAttribute("role", "hospital"));
 * }</pre>
 */
public final class CertificateAuthority {
    /** Fabric CA's attribute extension: the value is the JSON {@code {"attrs":{...}}}. */
    public static final String FABRIC_ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";

    private final CryptoSuite suite;
    private final Identity identity;

    private CertificateAuthority(CryptoSuite suite, Identity identity) {
        this.suite = suite;
        this.identity = identity;
    }

    /** A new self-signed CA for {@code organization}. */
    public static CertificateAuthority create(
            CryptoSuite suite, String organization, String commonName, Instant notBefore, Instant notAfter) {
        KeyPair keys = suite.generateKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "CN")
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.CN, commonName)
                .build();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject, serial(), Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, suite, keys.getPrivate());
            return new CertificateAuthority(suite, new Identity(certificate, keys.getPrivate()));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + suite + " certificate authority", e);
        }
    }

    /** A CA whose certificate and key already exist, for example read from an MSP folder. */
    public static CertificateAuthority of(Identity identity) throws ProtocolException {
        return new CertificateAuthority(identity.suite(), identity);
    }

    public CryptoSuite suite() {
        return suite;
    }

    public X509Certificate certificate() {
        return identity.certificate();
    }

    public Identity identity() {
        return identity;
    }

    /** A new key pair on the CA's curve and a certificate for it. */
    public Identity issue(IdentityProfile profile) {
        KeyPair keys = suite.generateKeyPair();
        return new Identity(certify(keys.getPublic(), profile), keys.getPrivate());
    }

    /** A certificate for a key generated elsewhere (an HSM, a peer that keeps its key). */
    public X509Certificate certify(PublicKey subjectKey, IdentityProfile profile) {
        X500NameBuilder name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "CN");
        X500Name issuer =
                X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
        for (var rdn : issuer.getRDNs(BCStyle.O)) {
            name.addRDN(BCStyle.O, rdn.getFirst().getValue());
        }
        profile.organizationalUnits().forEach(unit -> name.addRDN(BCStyle.OU, unit));
        name.addRDN(BCStyle.CN, profile.commonName());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            serial(),
                            Date.from(profile.notBefore()),
                            Date.from(profile.notAfter()),
                            name.build(),
                            subjectKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(
                            Extension.keyUsage,
                            true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyAgreement))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(certificate()));
            if (!profile.dnsNames().isEmpty()) {
                ASN1Encodable[] names = profile.dnsNames().stream()
                        .map(dns -> new GeneralName(GeneralName.dNSName, dns))
                        .toArray(ASN1Encodable[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new DERSequence(names));
            }
            if (!profile.attributes().isEmpty()) {
                builder.addExtension(
                        new ASN1ObjectIdentifier(FABRIC_ATTRIBUTES_OID), false, attributesJson(profile.attributes()));
            }
            return sign(builder, suite, identity.privateKey());
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a certificate for " + profile.commonName(), e);
        }
    }

    private static byte[] attributesJson(Map<String, String> attributes) {
        String body = new TreeMap<>(attributes)
                .entrySet().stream()
                        .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                        .collect(Collectors.joining(","));
        return ("{\"attrs\":{" + body + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        if (!value.matches("[A-Za-z0-9._:@-]*")) {
            throw new IllegalArgumentException("attribute names and values are limited to [A-Za-z0-9._:@-]: " + value);
        }
        return "\"" + value + "\"";
    }

    private static X509Certificate sign(
            X509v3CertificateBuilder builder, CryptoSuite suite, java.security.PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder(suite.signatureAlgorithm())
                .setProvider(BouncyCastle.PROVIDER)
                .setSecureRandom(BouncyCastle.RANDOM)
                .build(key);
        return new JcaX509CertificateConverter()
                .setProvider(BouncyCastle.PROVIDER)
                .getCertificate(builder.build(signer));
    }

    private static BigInteger serial() {
        return new BigInteger(127, BouncyCastle.RANDOM).add(BigInteger.ONE);
    }
}
