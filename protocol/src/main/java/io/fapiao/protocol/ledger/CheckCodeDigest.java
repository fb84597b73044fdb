package io.fapiao.protocol.ledger;

import io.fapiao.protocol.json.Base64Url;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * What the ledger keeps of an invoice's check code (校验码): a keyed commitment, never the code. The
 * code is the secret that proves one holds the invoice, and every ledger reader (and every proof
 * bundle) sees the ledger's records; a plain hash would not do, since a code of a few characters can
 * be hashed exhaustively offline. Only the issuer holds the key, so only the issuer can check a
 * presented code against the ledger:
 *
 * <pre>
 * checkCodeDigest = base64url(HMAC-SHA256(key, invoiceNumber + "\n" + checkCode))   // 43 characters, unpadded
 * </pre>
 *
 * The number is part of the input so that one code on two invoices gives two digests.
 *
 * <pre>{@code
 * String digest = CheckCodeDigest.of(key, "44010126-0000000042", "04719382017465529301");  // to IssueInvoice
 * boolean holder = CheckCodeDigest.matches(key, number, presentedCode, invoice.checkCodeDigest());
 * }</pre>
 */
public final class CheckCodeDigest {
    /** The form of a digest: canonical unpadded base64url of 32 bytes (the last character's two unused bits zero). */
    public static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

    private static final String ALGORITHM = "HmacSHA256";

    private CheckCodeDigest() {}

    /** The digest of {@code checkCode} on invoice {@code invoiceNumber} under the issuer's {@code key}. */
    public static String of(SecretKey key, String invoiceNumber, String checkCode) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return Base64Url.encode(mac.doFinal((invoiceNumber + "\n" + checkCode).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 with a " + key.getAlgorithm() + " key is unavailable", e);
        }
    }

    /**
     * Whether {@code presented} is the code {@code digest} commits to; false when either is null. Compares in
     * constant time, so the answer's timing says nothing about how much of a guess was right.
     */
    public static boolean matches(SecretKey key, String invoiceNumber, String presented, String digest) {
        if (presented == null || digest == null) {
            return false;
        }
        return MessageDigest.isEqual(
                of(key, invoiceNumber, presented).getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII));
    }
}
