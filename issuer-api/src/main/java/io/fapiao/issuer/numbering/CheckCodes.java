package io.fapiao.issuer.numbering;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
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
 * nothing. IssueInvoice accepts 4 to 32 letters or digits; this issuer's are
 *
 * <pre>
 * HMAC-SHA256(key, "fapiao.check-code.v1\n" + invoiceNumber + "\n" + billKey)
 *   → the first 16 bytes as an unsigned big-endian integer, mod 10^20, zero-padded to 20 digits
 * </pre>
 *
 * The key is {@code fapiao.issuer.numbering.check-code-secret} or, unset, 32 random bytes generated on
 * first start and kept in table {@code numbering_secret}. The code is stored with the number when
 * it is taken and recorded on the ledger, so verification compares with the ledger's copy and a new
 * key changes only future codes. (2^128 mod 10^20 makes some codes likelier than others by less than
 * one part in 10^18.)
 *
 * <pre>{@code
 * String code = checkCodes.derive("FP01-2026-00000042", "91110000MA01ABCD2X:MZ0001");   // e.g. 04719382017465529301
 * }</pre>
 */
@Component
public class CheckCodes {
    static final String DOMAIN = "fapiao.check-code.v1";
    private static final BigInteger MODULUS = BigInteger.TEN.pow(20);
    private static final String SECRET_NAME = "check-code";

    private final JdbcTemplate jdbc;
    private final String configuredSecret;
    private volatile SecretKeySpec key;

    public CheckCodes(JdbcTemplate jdbc, NumberingProperties properties) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.configuredSecret = properties.checkCodeSecret();
    }

    /** The check code of {@code invoiceNumber} issued for {@code billKey}. */
    public String derive(String invoiceNumber, String billKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            byte[] digest = mac.doFinal((DOMAIN + "\n" + invoiceNumber + "\n" + billKey)
                    .getBytes(StandardCharsets.UTF_8));
            String digits = new BigInteger(1, Arrays.copyOf(digest, 16)).mod(MODULUS).toString();
            return "0".repeat(20 - digits.length()) + digits;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JDK", e);
        }
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) {
                    key = new SecretKeySpec(loadSecret(), "HmacSHA256");
                }
                current = key;
            }
        }
        return current;
    }

    private byte[] loadSecret() {
        if (configuredSecret != null && !configuredSecret.isBlank()) {
            byte[] secret;
            try {
                secret = Base64Url.decode("fapiao.issuer.numbering.check-code-secret", configuredSecret.strip());
            } catch (ProtocolException e) {
                throw new IllegalStateException("fapiao.issuer.numbering.check-code-secret is not base64url", e);
            }
            if (secret.length < 32) {
                throw new IllegalStateException("fapiao.issuer.numbering.check-code-secret must hold at least 32 "
                        + "bytes, it holds " + secret.length);
            }
            return secret;
        }
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // Two instances starting at once: one insert wins and both read the winner's key.
        jdbc.update("insert into numbering_secret (name, secret) values (?, ?) on conflict do nothing",
                SECRET_NAME, fresh);
        List<byte[]> stored = jdbc.query("select secret from numbering_secret where name = ?",
                (rs, n) -> rs.getBytes(1), SECRET_NAME);
        return stored.get(0);
    }
}
