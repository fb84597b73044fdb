package io.fapiao.protocol.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCodeDigestTest {
    private static final SecretKey KEY = new SecretKeySpec(
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"), "HmacSHA256");
    private static final String NUMBER = "FP01-2026-00000042";
    private static final String CODE = "04719382017465529301";

    /**
     * The value from outside Java: {@code printf 'FP01-2026-00000042\n04719382017465529301' | openssl dgst
     * -sha256 -mac HMAC -macopt hexkey:000102..1f -binary | base64 | tr '+/' '-_' | tr -d =}.
     */
    @Test
    void isTheBase64urlHmacSha256OfNumberNewlineCode() {
        assertThat(CheckCodeDigest.of(KEY, NUMBER, CODE)).isEqualTo("fH0RPTiRwMtJ2ZNO2o69Z1xGeNFygIDlB9uTN9Itod4");
    }

    @Test
    void onlyTheCodeItCommitsToMatchesAndNeverTheDigestItself() {
        String digest = CheckCodeDigest.of(KEY, NUMBER, CODE);
        assertThat(CheckCodeDigest.matches(KEY, NUMBER, CODE, digest)).isTrue();
        assertThat(CheckCodeDigest.matches(KEY, NUMBER, "04719382017465529300", digest))
                .isFalse();
        assertThat(CheckCodeDigest.matches(KEY, NUMBER, digest, digest))
                .as("the digest presented as the code")
                .isFalse();
        assertThat(CheckCodeDigest.matches(KEY, "FP01-2026-00000043", CODE, digest))
                .as("another invoice")
                .isFalse();
        SecretKey otherKey = new SecretKeySpec(new byte[32], "HmacSHA256");
        assertThat(CheckCodeDigest.matches(otherKey, NUMBER, CODE, digest))
                .as("another issuer's key")
                .isFalse();
        assertThat(CheckCodeDigest.matches(KEY, NUMBER, null, digest)).isFalse();
        assertThat(CheckCodeDigest.matches(KEY, NUMBER, CODE, null)).isFalse();
        assertThat(digest).doesNotContain(CODE);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "12345678901234567890",
                "fH0RPTiRwMtJ2ZNO2o69Z1xGeNFygIDlB9uTN9Itod",
                "fH0RPTiRwMtJ2ZNO2o69Z1xGeNFygIDlB9uTN9Itod4A",
                "fH0RPTiRwMtJ2ZNO2o69Z1xGeNFygIDlB9uTN9Itod4=",
                "fH0RPTiRwMtJ2ZNO2o69Z1xGeNFygIDlB9uTN9Itod5",
                "fH0RPTiRwMtJ2ZNO2o69Z1xGeNFygIDlB9uTN9Ito+4",
                "7c7d113d3891c0cb49d9934edaaebd675c4678d1728080e507db9337d22da1de"
            })
    void theFormRefusesWhatIsNotOneCanonicalDigest(String text) {
        assertThat(CheckCodeDigest.FORM.matcher(text).matches()).isFalse();
    }

    @Property
    void everyDigestIsOfTheForm(@ForAll String number, @ForAll String code) {
        assertThat(CheckCodeDigest.FORM
                        .matcher(CheckCodeDigest.of(KEY, number, code))
                        .matches())
                .isTrue();
    }

    /** The form is exactly the strict decoder's verdict on 43 characters: canonical and 32 bytes. */
    @Property
    void theFormAgreesWithTheStrictDecoder(@ForAll("digestLike") String text) {
        boolean decodes;
        try {
            decodes = Base64Url.decode("checkCodeDigest", text).length == 32;
        } catch (ProtocolException e) {
            decodes = false;
        }
        assertThat(CheckCodeDigest.FORM.matcher(text).matches()).isEqualTo(decodes);
    }

    @Provide
    Arbitrary<String> digestLike() {
        return Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/")
                .ofLength(43);
    }

    @Property
    void digestsOfRandomBytesAreOfTheForm(@ForAll @Size(32) byte[] bytes) {
        assertThat(CheckCodeDigest.FORM.matcher(Base64Url.encode(bytes)).matches())
                .isTrue();
    }
}
