package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * PEM text for certificates and private keys, the form Fabric's MSP folders and OpenSSL use.
 * Strings in, strings out: reading and writing files is the caller's business.
 *
 * <pre>{@code
 * X509Certificate certificate = Pem.certificate(Files.readString(path));
 * String keyPem = Pem.privateKey(identity.privateKey());
 * }</pre>
 */
public final class Pem {
    private Pem() {}

    public static String certificate(X509Certificate certificate) {
        try {
            return write(new PemObject("CERTIFICATE", certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded", e);
        }
    }

    /** The private key as unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}). */
    public static String privateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null).generate());
        } catch (IOException e) {
            throw new IllegalArgumentException("private key cannot be encoded", e);
        }
    }

    /** The first certificate in {@code pem}. */
    public static X509Certificate certificate(String pem) throws ProtocolException {
        List<X509Certificate> all = certificates(pem);
        if (all.isEmpty()) {
            throw new ProtocolException(ErrorCode.MALFORMED, "no CERTIFICATE block in the PEM text");
        }
        return all.get(0);
    }

    /** Every certificate in {@code pem}, in order; other blocks are skipped. */
    public static List<X509Certificate> certificates(String pem) throws ProtocolException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(Certificates.fromDer(holder.getEncoded()));
                }
            }
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "unreadable PEM text: " + e.getMessage(), e);
        }
        return certificates;
    }

    /** The private key in {@code pem}: PKCS#8, or the SEC1 {@code EC PRIVATE KEY} form OpenSSL writes. */
    public static PrivateKey privateKey(String pem) throws ProtocolException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "unreadable PEM text: " + e.getMessage(), e);
        }
        throw new ProtocolException(
                ErrorCode.MALFORMED, "no unencrypted PRIVATE KEY or EC PRIVATE KEY block in the PEM text");
    }

    private static String write(PemObjectGenerator pemObject) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
