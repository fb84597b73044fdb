package io.fapiao.protocol.crypto;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one BouncyCastle provider instance the protocol uses. It is passed to every JCA call rather
 * than registered globally, so the protocol never changes the JVM's provider order for its host.
 */
final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
    static final SecureRandom RANDOM = new SecureRandom();

    private BouncyCastle() {}
}
