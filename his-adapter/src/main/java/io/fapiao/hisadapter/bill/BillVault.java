package io.fapiao.hisadapter.bill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps bill contents encrypted at rest: AES-256-GCM under the adapter's data key, a fresh nonce per
 * bill, the bill key as associated data (a row copied under another bill's key does not open).
 * A database dump or backup alone reveals no payer; the data key lives in a file outside the database.
 *
 * <pre>{@code
 * BillVault vault = BillVault.openOrCreate(Path.of(".fapiao/his-adapter/bill-data.key"));
 * byte[] stored = vault.seal(billKey, canonicalBill);
 * byte[] bill = vault.open(billKey, stored);
 * }</pre>
 */
public final class BillVault {
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private BillVault(SecretKey key) {
        this.key = key;
    }

    /** The vault under the key in {@code keyFile} (32 bytes, base64); generates the file (mode 600) when absent. */
    public static BillVault openOrCreate(Path keyFile) throws IOException {
        if (!Files.exists(keyFile)) {
            byte[] fresh = new byte[32];
            RANDOM.nextBytes(fresh);
            Path folder = keyFile.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            // Written aside and renamed into place, so no reader ever sees a half-written key.
            Path staging = Files.createTempFile(
                    folder,
                    "bill-data",
                    ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(staging, Base64.getEncoder().encodeToString(fresh) + "\n");
            try {
                Files.move(staging, keyFile);
            } catch (FileAlreadyExistsException e) {
                Files.delete(staging); // another instance on the same folder created it first: use theirs
            }
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder()
                    .decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("the bill data key " + keyFile + " is not base64; restore it from backup", e);
        }
        if (raw.length != 32) {
            throw new IOException("the bill data key " + keyFile + " holds " + raw.length + " bytes, not 32");
        }
        try {
            return new BillVault(new SecretKeySpec(raw, "AES"));
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The stored form of {@code plaintext}: version, nonce, ciphertext and tag. */
    public byte[] seal(String billKey, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, billKey, nonce, plaintext, 0, plaintext.length);
        return ByteBuffer.allocate(1 + NONCE_BYTES + ciphertext.length)
                .put(VERSION)
                .put(nonce)
                .put(ciphertext)
                .array();
    }

    /**
     * The plaintext of a stored bill.
     *
     * @throws IllegalStateException when it does not open under this key and bill key (a wrong data key
     *     or a damaged row): the message says which bill, never its contents
     */
    public byte[] open(String billKey, byte[] stored) {
        if (stored.length < 1 + NONCE_BYTES || stored[0] != VERSION) {
            throw new IllegalStateException("stored bill " + billKey + " is not in vault format " + VERSION);
        }
        byte[] nonce = Arrays.copyOfRange(stored, 1, 1 + NONCE_BYTES);
        return run(Cipher.DECRYPT_MODE, billKey, nonce, stored, 1 + NONCE_BYTES, stored.length - 1 - NONCE_BYTES);
    }

    private byte[] run(int mode, String billKey, byte[] nonce, byte[] input, int offset, int length) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(billKey.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "stored bill " + billKey + " does not "
                            + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt") + " under the data key (wrong "
                            + "fapiao.his.data-key-file, or a damaged row): "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }

    @Override
    public String toString() {
        return "BillVault[AES-256-GCM]";
    }
}
