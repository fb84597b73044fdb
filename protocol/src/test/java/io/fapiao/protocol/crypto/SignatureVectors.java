package io.fapiao.protocol.crypto;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;

/**
 * The deterministic signature vectors of {@code docs/test-vectors/signatures.json}, for the tests
 * that check them (DeterministicSignatureTest, OpenSslInteropIT).
 *
 * <pre>{@code
 * for (SignatureVectors.Vector v : SignatureVectors.all()) { ... v.signature() ... }
 * }</pre>
 */
public final class SignatureVectors {
    static final Path FILE = Path.of(System.getProperty("fapiao.vectors", "../docs/test-vectors"))
            .resolve("signatures.json");

    private SignatureVectors() {}

    record File(String format, int version, String notes, List<Vector> vectors) {}

    /** One vector; hex is lower case, {@code userId} and {@code e} only for GM. */
    public record Vector(
            String name,
            String source,
            String suite,
            String kDerivation,
            String privateKey,
            String publicKey,
            String userId,
            String message,
            String e,
            String k,
            String r,
            String s,
            String signature) {

        public CryptoSuite cryptoSuite() throws ProtocolException {
            return CryptoSuite.named(suite);
        }

        public byte[] messageBytes() {
            return message.getBytes(StandardCharsets.UTF_8);
        }

        public BigInteger d() {
            return new BigInteger(privateKey, 16);
        }

        public byte[] signatureBytes() {
            return Hex.decode(signature);
        }

        /** The public key, decoded and checked to lie on the suite's curve. */
        public PublicKey publicKeyObject() throws ProtocolException, GeneralSecurityException {
            return Curves.decodePoint(cryptoSuite(), Hex.decode(publicKey));
        }

        /** The public key as a PEM SubjectPublicKeyInfo, as OpenSSL reads it. */
        public String publicKeyPem() throws ProtocolException, GeneralSecurityException {
            return pem(publicKeyObject());
        }
    }

    /** A public key as a PEM SubjectPublicKeyInfo. */
    public static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** Every vector of the file. */
    public static List<Vector> all() throws IOException, ProtocolException {
        File file = Json.read(Files.readAllBytes(FILE), File.class);
        if (file.version() != 1) {
            throw new IllegalStateException(FILE + " is version " + file.version() + ", these tests read version 1");
        }
        return file.vectors();
    }
}
