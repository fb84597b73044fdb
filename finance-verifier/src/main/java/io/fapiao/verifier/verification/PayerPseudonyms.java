package io.fapiao.verifier.verification;

import io.fapiao.protocol.bill.Payer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a payer's identity document into a pseudonym the duplicate check can compare: HMAC-SHA256,
 * under a secret key of the bureau, of the document type and number. Only the pseudonym is stored. A
 * plain hash would not do: resident ID numbers are few enough (region, birth date, sequence) to be
 * hashed exhaustively, so whoever read the table could recover them; without the key they cannot.
 *
 * <p>The key is 32 random bytes, base64 in a file that only the service's user can read, generated on
 * first start. Keep it with the database backups: with a new key, earlier bills no longer match.
 *
 * <pre>{@code
 * PayerPseudonyms pseudonyms = PayerPseudonyms.openOrCreate(Path.of(".fapiao/finance-verifier/payer-hash.key"));
 * String pseudonym = pseudonyms.of(bill.payer());   // 64 hex digits
 * }</pre>
 */
public final class PayerPseudonyms {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int KEY_BYTES = 32;

    private final SecretKeySpec key;

    private PayerPseudonyms(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** Reads the key in {@code file}, first writing a new random one there if the file does not exist. */
    public static PayerPseudonyms openOrCreate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        if (!Files.exists(absolute)) {
            create(absolute);
        }
        String text = Files.readString(absolute, StandardCharsets.US_ASCII).strip();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IOException("the payer hash key " + absolute + " is not base64; restore it from backup", e);
        }
        if (key.length < KEY_BYTES) {
            throw new IOException("the payer hash key " + absolute + " has " + key.length + " bytes; at least "
                    + KEY_BYTES + " are needed");
        }
        return new PayerPseudonyms(key);
    }

    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path staging = file.resolveSibling("." + file.getFileName() + ".new");
        Files.deleteIfExists(staging);
        Files.createFile(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(staging, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
        // Written aside and renamed into place: a crash never leaves a half-written key to be read later.
        Files.move(staging, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The pseudonym of the payer's document: 64 lower-case hex digits. */
    public String of(Payer payer) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // The type is part of the input: the same digits on a passport and on a resident card are different people.
            byte[] input = (payer.idType() + "\n" + payer.idNumber()).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(mac.doFinal(input));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "PayerPseudonyms[HmacSHA256]";
    }
}
