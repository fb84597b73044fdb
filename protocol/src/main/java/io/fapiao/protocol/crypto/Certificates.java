package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parsing of DER certificates through BouncyCastle, which reads SM2 certificates that the JDK's own
 * factory cannot verify.
 *
 * <pre>{@code
 * X509Certificate signer = Certificates.fromDer(bytes);
 * }</pre>
 */
public final class Certificates {
    /**
     * Certificates that parsed, by their exact DER bytes. A verifier sees the same few signer
     * certificates on every bill (one per hospital), and parsing one costs as much as the rest of
     * reading an envelope's header. Only certificates that passed every check here are kept, so a
     * hit returns what parsing would; failures are parsed (and refused) every time. Validity and
     * trust are not part of this: callers check those on every use.
     */
    private static final Map<ByteBuffer, X509Certificate> PARSED =
            Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, X509Certificate> eldest) {
                    return size() > CACHED_CERTIFICATES;
                }
            });

    private static final int CACHED_CERTIFICATES = 256;

    private Certificates() {}

    /**
     * The certificate encoded by exactly these bytes.
     *
     * @throws ProtocolException {@link ErrorCode#CERTIFICATE_INVALID} when they are not one DER X.509
     *     certificate, or carry trailing bytes
     */
    public static X509Certificate fromDer(byte[] der) throws ProtocolException {
        ByteBuffer key = ByteBuffer.wrap(der.clone());
        X509Certificate known = PARSED.get(key);
        if (known != null) {
            return known;
        }
        X509Certificate parsed = parse(der);
        PARSED.put(key, parsed);
        return parsed;
    }

    private static X509Certificate parse(byte[] der) throws ProtocolException {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER);
            X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
            // A re-encoding that differs means the parser skipped or repaired bytes; refuse rather than
            // let two encodings stand for one certificate.
            if (certificate == null || !java.util.Arrays.equals(certificate.getEncoded(), der)) {
                throw new ProtocolException(ErrorCode.CERTIFICATE_INVALID, "certificate is not in canonical DER form");
            }
            // BouncyCastle parses a certificate whose key bytes are damaged and reports the key as null.
            if (certificate.getPublicKey() == null) {
                throw new ProtocolException(ErrorCode.CERTIFICATE_INVALID, "certificate's public key does not parse");
            }
            return certificate;
        } catch (CertificateException | RuntimeException e) {
            throw new ProtocolException(
                    ErrorCode.CERTIFICATE_INVALID, "not a DER X.509 certificate: " + e.getMessage(), e);
        }
    }
}
