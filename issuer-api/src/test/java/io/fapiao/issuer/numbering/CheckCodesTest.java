package io.fapiao.issuer.numbering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.json.Base64Url;
import io.fapiao.protocol.ledger.CheckCodeDigest;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Check codes and their digests under configured keys (no database is touched). */
class CheckCodesTest {
    private static final byte[] CODE_SECRET = "check-code key of this test, 32b".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DIGEST_SECRET = "digest key of this test, 32 byte".getBytes(StandardCharsets.US_ASCII);
    private static final String NUMBER = "44010126-0000000042";
    private static final String OLD_FORM_NUMBER = "FP01-2026-00000042";
    private static final String BILL = "91110000MA01ABCD2X:MZ0001";

    private static CheckCodes checkCodes(byte[] codeSecret, byte[] digestSecret) {
        return new CheckCodes(
                new JdbcTemplate(),
                new NumberingProperties(
                        "issuer1",
                        "440101",
                        null,
                        200,
                        1000,
                        ZoneId.of("Asia/Shanghai"),
                        Base64Url.encode(codeSecret),
                        Base64Url.encode(digestSecret)));
    }

    @Test
    void theDigestIsUnderItsOwnKeyAndOnlyTheCodeMatchesIt() {
        CheckCodes checkCodes = checkCodes(CODE_SECRET, DIGEST_SECRET);
        String code = checkCodes.derive(NUMBER, BILL);
        assertThat(code).matches("[0-9]{20}");
        String digest = checkCodes.digest(NUMBER, code);
        assertThat(digest)
                .isEqualTo(CheckCodeDigest.of(new SecretKeySpec(DIGEST_SECRET, "HmacSHA256"), NUMBER, code))
                .isNotEqualTo(CheckCodeDigest.of(new SecretKeySpec(CODE_SECRET, "HmacSHA256"), NUMBER, code));

        assertThat(checkCodes.matches(NUMBER, code, digest)).isTrue();
        assertThat(checkCodes.matches(NUMBER, digest, digest))
                .as("the ledger's digest presented as the code")
                .isFalse();
        assertThat(checkCodes.matches(NUMBER, checkCodes.derive(NUMBER, "91110000MA01ABCD2X:MZ0002"), digest))
                .as("another bill's code")
                .isFalse();
        assertThat(checkCodes.matches(NUMBER, code, null))
                .as("a red-letter invoice has no code")
                .isFalse();
    }

    @Test
    void anInvoiceNumberedInTheOldFormKeepsItsCodeAndVerifies() {
        CheckCodes checkCodes = checkCodes(CODE_SECRET, DIGEST_SECRET);
        String code = checkCodes.derive(OLD_FORM_NUMBER, BILL);
        String digest = checkCodes.digest(OLD_FORM_NUMBER, code);
        assertThat(code).matches("[0-9]{20}");
        assertThat(checkCodes.matches(OLD_FORM_NUMBER, code, digest)).isTrue();
        assertThat(checkCodes.matches(NUMBER, code, digest))
                .as("the digest is bound to the number it was made for")
                .isFalse();
    }

    @Test
    void aNewCheckCodeKeyChangesFutureCodesNotTheDigestsOfTheIssuedOnes() {
        CheckCodes before = checkCodes(CODE_SECRET, DIGEST_SECRET);
        String code = before.derive(NUMBER, BILL);
        String digest = before.digest(NUMBER, code);
        byte[] newCodeSecret = "another check-code key, 32 bytes".getBytes(StandardCharsets.US_ASCII);
        CheckCodes after = checkCodes(newCodeSecret, DIGEST_SECRET);
        assertThat(after.derive(NUMBER, BILL)).isNotEqualTo(code);
        assertThat(after.matches(NUMBER, code, digest))
                .as("an invoice issued before still verifies")
                .isTrue();
    }

    @Test
    void aShortOrMalformedKeyIsRefusedWhenFirstUsed() {
        assertThatThrownBy(() -> checkCodes(CODE_SECRET, new byte[16]).digest(NUMBER, "1234"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check-code-digest-secret")
                .hasMessageContaining("at least 32 bytes");
        CheckCodes malformed = new CheckCodes(
                new JdbcTemplate(),
                new NumberingProperties(
                        "issuer1", "440101", null, 200, 1000, ZoneId.of("Asia/Shanghai"), null, "not base64url!"));
        assertThatThrownBy(() -> malformed.matches(NUMBER, "1234", "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("check-code-digest-secret is not base64url");
    }
}
