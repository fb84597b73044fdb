package io.fapiao.verifier.verification;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
import java.util.EnumMap;
import java.util.Map;

/**
 * The finance bureau's keys that open sealed bills, one per suite: INTL bills are sealed to the
 * verifier's own ledger certificate ({@code fapiao.identity}), GM bills to its SM2 certificate
 * ({@code fapiao.verifier.gm-identity}, optional).
 *
 * <pre>{@code
 * OpeningKeys keys = OpeningKeys.of(identity, gmIdentityOrNull);
 * RecipientKey key = keys.forSuite(sealed.header().suite());
 * }</pre>
 */
public final class OpeningKeys {
    private final Map<CryptoSuite, RecipientKey> keys;

    private OpeningKeys(Map<CryptoSuite, RecipientKey> keys) {
        this.keys = keys;
    }

    /**
     * The keys of {@code intl} (required, a P-256 key) and {@code gm} (an SM2 key, or null).
     *
     * @throws KeyUnavailable when a key is not of its suite or cannot open envelopes
     */
    public static OpeningKeys of(KeyMaterial intl, KeyMaterial gm) throws KeyUnavailable {
        Map<CryptoSuite, RecipientKey> keys = new EnumMap<>(CryptoSuite.class);
        keys.put(CryptoSuite.INTL, checked(intl, CryptoSuite.INTL, "fapiao.identity"));
        if (gm != null) {
            keys.put(CryptoSuite.GM, checked(gm, CryptoSuite.GM, "fapiao.verifier.gm-identity"));
        }
        return new OpeningKeys(keys);
    }

    private static RecipientKey checked(KeyMaterial material, CryptoSuite suite, String property)
            throws KeyUnavailable {
        if (material.suite() != suite) {
            throw new KeyUnavailable(property + " holds a " + material.suite() + " key; it must be a " + suite
                    + " key (" + material.source() + ")");
        }
        return material.recipientKey();
    }

    /**
     * The key that opens {@code suite}'s bills.
     *
     * @throws OpeningKeyMissing when none is configured; the bill waits, it is not rejected for the
     *     bureau's own configuration
     */
    public RecipientKey forSuite(CryptoSuite suite) throws OpeningKeyMissing {
        RecipientKey key = keys.get(suite);
        if (key == null) {
            throw new OpeningKeyMissing("a " + suite + " bill arrived but no " + suite + " key is configured; set "
                    + "fapiao.verifier.gm-identity.certificate and .private-key (or .key-store) and restart");
        }
        return key;
    }

    @Override
    public String toString() {
        return "OpeningKeys" + keys.keySet();
    }

    /** No key of a bill's suite is configured. */
    public static final class OpeningKeyMissing extends Exception {
        public OpeningKeyMissing(String message) {
            super(message);
        }
    }
}
