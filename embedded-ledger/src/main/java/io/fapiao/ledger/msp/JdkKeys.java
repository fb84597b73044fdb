package io.fapiao.ledger.msp;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * EC private keys as the JDK's own provider represents them. Keys read from PEM by BouncyCastle
 * report the algorithm {@code ECDSA}, which the JDK's {@code SHA256withECDSA} refuses; re-reading the
 * PKCS#8 encoding gives a key every provider accepts.
 *
 * <pre>{@code
 * PrivateKey key = JdkKeys.ecPrivateKey(Pem.privateKey(Files.readString(keyFile)));
 * }</pre>
 */
public final class JdkKeys {

    private JdkKeys() {}

    public static PrivateKey ecPrivateKey(PrivateKey key) {
        if (key == null
                || "EC".equals(key.getAlgorithm()) && key.getClass().getName().startsWith("sun.")) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an EC private key in PKCS#8 form: " + key.getAlgorithm(), e);
        }
    }
}
