package io.fapiao.service.identity;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.crypto.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.hyperledger.fabric.client.identity.Signers;

/**
 * A service's own key and certificate, loaded once from {@link KeyProperties}. It hands out the
 * three views the services need: a protocol {@link Signer} (sealing, statements), a fabric-gateway
 * signer (ledger transactions) and a {@link RecipientKey} (opening envelopes addressed to it).
 * No caller sees the private key. A key in a PKCS#11 token ({@code type=PKCS11}) never leaves it: it
 * signs through the token's provider (P-256 only), with a nonce the token draws, so its signatures,
 * unlike those of a key file (RFC 6979), are not deterministic ({@link TokenKey} says what follows).
 *
 * <pre>{@code
 * KeyMaterial key = KeyMaterial.load(properties);
 * SealedBill sealed = BillSealer.seal(bill, key.signer(), recipients);
 * Ledger ledger = Ledger.connect(settings, key.certificate(), key.gatewaySigner());
 * }</pre>
 */
public final class KeyMaterial {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final Path source;
    /** Non-null when the key lives in a PKCS#11 token and must be used through its provider. */
    private final TokenKey token;

    private KeyMaterial(X509Certificate certificate, PrivateKey privateKey, Path source) {
        this(certificate, privateKey, source, null);
    }

    private KeyMaterial(X509Certificate certificate, PrivateKey privateKey, Path source, TokenKey token) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.source = source;
        this.token = token;
    }

    /** Loads and checks the key: it must sign, and its certificate must hold the matching public key. */
    public static KeyMaterial load(KeyProperties properties) throws KeyUnavailable {
        Objects.requireNonNull(properties, "properties");
        KeyMaterial material = switch (properties.type()) {
            case PEM -> fromPem(properties);
            case PKCS12 -> fromPkcs12(properties);
            case PKCS11 -> fromPkcs11(properties);
        };
        material.signer(); // fails now, at start-up, rather than at the first bill
        return material;
    }

    private static KeyMaterial fromPem(KeyProperties properties) throws KeyUnavailable {
        Path certificateFile = required(properties.certificate(), "fapiao.identity.certificate");
        Path keyFile = required(properties.privateKey(), "fapiao.identity.private-key");
        try {
            X509Certificate certificate = Pem.certificate(Files.readString(certificateFile));
            PrivateKey key = Pem.privateKey(Files.readString(keyFile));
            return new KeyMaterial(certificate, key, certificateFile);
        } catch (IOException e) {
            throw new KeyUnavailable(
                    "cannot read " + e.getMessage() + "; check fapiao.identity.certificate and "
                            + "fapiao.identity.private-key",
                    e);
        } catch (ProtocolException e) {
            throw new KeyUnavailable(
                    "fapiao.identity.certificate or private-key is not a usable PEM file: " + e.getMessage(), e);
        }
    }

    private static KeyMaterial fromPkcs12(KeyProperties properties) throws KeyUnavailable {
        Path file = required(properties.keyStore(), "fapiao.identity.key-store");
        char[] password = properties.password() == null
                ? new char[0]
                : properties.password().toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            String alias = alias(store, properties.alias(), file);
            if (!(store.getKey(alias, password) instanceof PrivateKey key)) {
                throw new KeyUnavailable("entry '" + alias + "' of " + file + " holds no private key");
            }
            if (!(store.getCertificate(alias) instanceof X509Certificate certificate)) {
                throw new KeyUnavailable("entry '" + alias + "' of " + file + " holds no X.509 certificate");
            }
            return new KeyMaterial(certificate, key, file);
        } catch (IOException | GeneralSecurityException e) {
            // KeyStore reports a wrong password as an IOException; say so without echoing anything.
            throw new KeyUnavailable(
                    "cannot open the PKCS#12 key store " + file + " (wrong fapiao.identity.password, "
                            + "or not a PKCS#12 file): " + e.getClass().getSimpleName(),
                    e);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /**
     * A key in a PKCS#11 token through the JDK's SunPKCS11 provider: {@code key-store} is the SunPKCS11
     * configuration file (library, slot or token label), {@code password} the user PIN, {@code alias} the
     * entry (the token's only key entry when unset). The certificate comes from the token entry, or from
     * {@code certificate} when the token holds none.
     */
    private static KeyMaterial fromPkcs11(KeyProperties properties) throws KeyUnavailable {
        Path configuration = required(properties.keyStore(), "fapiao.identity.key-store");
        if (!Files.isReadable(configuration)) {
            throw new KeyUnavailable(
                    "cannot read the SunPKCS11 configuration " + configuration + " (fapiao.identity.key-store)");
        }
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KeyUnavailable("this JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki); "
                    + "fapiao.identity.type=PKCS11 needs it");
        }
        Provider provider;
        try {
            provider = base.configure(configuration.toString());
        } catch (RuntimeException e) {
            // InvalidParameterException or ProviderException: the library or the slot is wrong.
            throw new KeyUnavailable(
                    "cannot open the PKCS#11 token described by " + configuration
                            + " (check its library path and slot or token label): " + rootMessage(e),
                    e);
        }
        char[] pin =
                properties.password() == null ? null : properties.password().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, pin);
            String alias = alias(store, properties.alias(), configuration);
            if (!(store.getKey(alias, null) instanceof PrivateKey key)) {
                throw new KeyUnavailable(
                        "entry '" + alias + "' of the token " + configuration + " holds no private key");
            }
            X509Certificate certificate = store.getCertificate(alias) instanceof X509Certificate onToken
                    ? onToken
                    : pemCertificate(properties.certificate(), alias, configuration);
            return new KeyMaterial(certificate, key, configuration, new TokenKey(key, certificate, provider));
        } catch (IOException | GeneralSecurityException e) {
            // A wrong PIN surfaces as an IOException (CKR_PIN_INCORRECT); never echo the PIN.
            throw new KeyUnavailable(
                    "cannot log in to the PKCS#11 token described by " + configuration
                            + " (wrong fapiao.identity.password, or the token is locked): " + rootMessage(e),
                    e);
        } finally {
            if (pin != null) {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }

    private static X509Certificate pemCertificate(Path file, String alias, Path configuration) throws KeyUnavailable {
        if (file == null) {
            throw new KeyUnavailable("entry '" + alias + "' of the token " + configuration + " has no certificate; "
                    + "store it on the token or name its PEM file in fapiao.identity.certificate");
        }
        try {
            return Pem.certificate(Files.readString(file));
        } catch (IOException | ProtocolException e) {
            throw new KeyUnavailable(
                    "fapiao.identity.certificate " + file + " is not a usable PEM certificate: " + e.getMessage(), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static String alias(KeyStore store, String wanted, Path file)
            throws GeneralSecurityException, KeyUnavailable {
        if (wanted != null && !wanted.isBlank()) {
            if (!store.isKeyEntry(wanted)) {
                throw new KeyUnavailable("no key entry '" + wanted + "' in " + file + "; fix fapiao.identity.alias");
            }
            return wanted;
        }
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new KeyUnavailable(
                    file + " holds " + keys.size() + " key entries " + keys + "; name one with fapiao.identity.alias");
        }
        return keys.get(0);
    }

    private static Path required(Path path, String property) throws KeyUnavailable {
        if (path == null) {
            throw new KeyUnavailable(property + " is not set");
        }
        return path;
    }

    /** The certificate of the key. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The file the certificate was read from (the PEM certificate or the key store). */
    public Path source() {
        return source;
    }

    /** The suite of the key: INTL (P-256) or GM (SM2). */
    public CryptoSuite suite() throws KeyUnavailable {
        try {
            return CryptoSuite.of(certificate.getPublicKey());
        } catch (ProtocolException e) {
            throw new KeyUnavailable("the certificate in " + source + " holds neither a P-256 nor an SM2 key", e);
        }
    }

    /**
     * Signs envelopes and statements: deterministically for a PEM or PKCS#12 key, not for a PKCS#11
     * token ({@link Signer#deterministic()}).
     */
    public Signer signer() throws KeyUnavailable {
        if (token != null) {
            return token.signer();
        }
        try {
            return Signer.of(privateKey, certificate);
        } catch (ProtocolException e) {
            throw new KeyUnavailable(
                    "the key from " + source + " cannot sign for its certificate: " + e.getMessage(), e);
        }
    }

    /** Signs ledger transactions (a P-256 key; Fabric identities cannot be SM2). */
    public org.hyperledger.fabric.client.identity.Signer gatewaySigner() throws KeyUnavailable {
        if (token != null) {
            return token.gatewaySigner();
        }
        try {
            return Signers.newPrivateKeySigner(privateKey);
        } catch (IllegalArgumentException e) {
            throw new KeyUnavailable(
                    "the key from " + source + " cannot sign ledger transactions: " + e.getMessage(), e);
        }
    }

    /** Opens envelopes addressed to this certificate. */
    public RecipientKey recipientKey() throws KeyUnavailable {
        if (token != null) {
            throw new KeyUnavailable("the key in the PKCS#11 token " + source + " cannot open envelopes (key "
                    + "agreement inside the token is not supported); give the opening key as PEM or PKCS#12");
        }
        try {
            return RecipientKey.of(privateKey, certificate);
        } catch (ProtocolException e) {
            throw new KeyUnavailable("the key from " + source + " cannot open envelopes: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + certificate.getSubjectX500Principal() + " from " + (token != null ? "PKCS#11 " : "")
                + source + "]";
    }
}
