package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The check code (校验码) of a blue invoice: 20 decimal digits that a holder of the invoice presents
 * with its number to the public verification, so that knowing (or guessing) a number alone reveals
 * nothing. This issuer's are
 *
 * <pre>
 * HMAC-SHA256(key, "fapiao.check-code.v1\n" + invoiceNumber + "\n" + billKey)
 *   → the first 16 bytes as an unsigned big-endian integer, mod 10^20, zero-padded to 20 digits
 * </pre>
 *
 * The code is kept with the number when it is taken; the ledger gets only its
 * {@link CheckCodeDigest} under a second key, so every ledger reader sees the commitment and none the
 * code, and only this issuer can check a presented code. The keys are
 * {@code fapiao.issuer.numbering.check-code-secret} and {@code .check-code-digest-secret} or, unset,
 * 32 random bytes each generated on first start and kept in table {@code numbering_secret}. They are
 * independent, so neither gives the other: a new check-code key changes only future codes, while the
 * digest key must never change (the ledger's digests of earlier invoices are made with it). (2^128
 * mod 10^20 makes some codes likelier than others by less than one part in 10^18.) The code is 20 digits,
 * not the 6 characters of a MoF e-bill's 校验码, because it alone stands between a guesser and a "valid"
 * answer: the {@linkplain io.fapiao.issuer.numbering package} documents the arithmetic.
 *
 * <pre>{@code
 * String code = checkCodes.derive("44010126-0000000042", "91110000MA01ABCD2X:MZ0001");   // e.g. 04719382017465529301
 * String digest = checkCodes.digest("44010126-0000000042", code);                          // what IssueInvoice gets
 * boolean valid = checkCodes.matches("44010126-0000000042", presented, invoice.checkCodeDigest());
 * }</pre>
 */
@Component
public class CheckCodes {
    static final String DOMAIN = "fapiao.check-code.v1";
    private static final BigInteger MODULUS = BigInteger.TEN.pow(20);

    private final Secret codeKey;
    private final Secret digestKey;

    public CheckCodes(JdbcTemplate jdbc, NumberingProperties properties) {
        Objects.requireNonNull(jdbc, "jdbc");
        this.codeKey = new Secret(
                jdbc, "check-code", "fapiao.issuer.numbering.check-code-secret", properties.checkCodeSecret());
        this.digestKey = new Secret(
                jdbc,
                "check-code-digest",
                "fapiao.issuer.numbering.check-code-digest-secret",
                properties.checkCodeDigestSecret());
    }

    /** The check code of {@code invoiceNumber} issued for {@code billKey}. */
    public String derive(String invoiceNumber, String billKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(codeKey.key());
            byte[] digest =
                    mac.doFinal((DOMAIN + "\n" + invoiceNumber + "\n" + billKey).getBytes(StandardCharsets.UTF_8));
            String digits =
                    new BigInteger(1, Arrays.copyOf(digest, 16)).mod(MODULUS).toString();
            return "0".repeat(20 - digits.length()) + digits;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }

    /** The {@link CheckCodeDigest} of {@code checkCode} on {@code invoiceNumber}: what the ledger keeps of it. */
    public String digest(String invoiceNumber, String checkCode) {
        return CheckCodeDigest.of(digestKey.key(), invoiceNumber, checkCode);
    }

    /**
     * Whether {@code presented} is the code the ledger's {@code checkCodeDigest} of {@code invoiceNumber}
     * commits to, compared in constant time; false when either is null (a red invoice has no code).
     */
    public boolean matches(String invoiceNumber, String presented, String checkCodeDigest) {
        return CheckCodeDigest.matches(digestKey.key(), invoiceNumber, presented, checkCodeDigest);
    }

    /** A key from configuration or, unset, generated once and kept in {@code numbering_secret}; read when used. */
    private static final class Secret {
        private final JdbcTemplate jdbc;
        private final String name;
        private final String property;
        private final String configured;
        private volatile SecretKeySpec key;

        Secret(JdbcTemplate jdbc, String name, String property, String configured) {
            this.jdbc = jdbc;
            this.name = name;
            this.property = property;
            this.configured = configured;
        }

        SecretKeySpec key() {
            SecretKeySpec current = key;
            if (current == null) {
                synchronized (this) {
                    if (key == null) {
                        key = new SecretKeySpec(load(), "HmacSHA256");
                    }
                    current = key;
                }
            }
            return current;
        }

        private byte[] load() {
            if (configured != null && !configured.isBlank()) {
                byte[] secret;
                try {
                    secret = Base64Url.decode(property, configured.strip());
                } catch (ProtocolException e) {
                    throw new IllegalStateException(property + " is not base64url", e);
                }
                if (secret.length < 32) {
                    throw new IllegalStateException(
                            property + " must hold at least 32 bytes, it holds " + secret.length);
                }
                return secret;
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            // Two instances starting at once: one insert wins and both read the winner's key.
            jdbc.update(
                    "insert into numbering_secret (name, secret) values (?, ?) on conflict do nothing", name, fresh);
            List<byte[]> stored =
                    jdbc.query("select secret from numbering_secret where name = ?", (rs, n) -> rs.getBytes(1), name);
            return stored.get(0);
        }
    }
}
