package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Base64UrlTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** RFC 4648 §10, without the padding, plus the two characters where base64url differs. */
    @ParameterizedTest(name = "\"{0}\" <-> \"{1}\"")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            ''     | ''
            f      | Zg
            fo     | Zm8
            foo    | Zm9v
            foob   | Zm9vYg
            fooba  | Zm9vYmE
            foobar | Zm9vYmFy
            ?>?    | Pz4_
            ~~~    | fn5-
            """)
    void matchesTheRfc4648TestVectors(String bytes, String text) throws ProtocolException {
        assertThat(Base64Url.encode(bytes.getBytes(US_ASCII))).isEqualTo(text);
        assertThat(Base64Url.decode("v", text)).isEqualTo(bytes.getBytes(US_ASCII));
    }

    @Test
    void roundTripsEveryLengthUpToSeventy() throws ProtocolException {
        Random random = new Random(4648);
        for (int length = 0; length <= 70; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);

            String text = Base64Url.encode(bytes);

            assertThat(text)
                    .as("length %d", length)
                    .hasSize((4 * length + 2) / 3)
                    .matches("[A-Za-z0-9_-]*");
            assertThat(Base64Url.decode("v", text)).as("length %d", length).isEqualTo(bytes);
        }
    }

    @Test
    void refusesEveryCharacterOutsideTheAlphabet() {
        int refused = 0;
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            if (ALPHABET.indexOf(c) >= 0) {
                continue;
            }
            String character = String.valueOf((char) c);
            for (String text : new String[] {character + "AAA", "AAAA" + character + "A", "AAA" + character}) {
                assertMalformed(text, "is not in the unpadded base64url alphabet");
            }
            refused++;
        }
        assertThat(refused).isEqualTo(65536 - 64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zg==", "Zg=", "Zm8=", "Zm9vYg==", "Zm9v====", "=", "====", "Zm9v="})
    void refusesPadding(String text) {
        assertMalformed(text, "padding '='");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "Zm9vY", "Zm9vYmFyZ"})
    void refusesALengthThatLeavesALoneCharacter(String text) {
        assertMalformed(text, "lone final character");
    }

    /** The last of 2 characters carries 4 unused bits, the last of 3 carries 2: they must be zero. */
    @Test
    void acceptsOnlyZeroUnusedTrailingBits() throws ProtocolException {
        for (int sextet = 0; sextet < 64; sextet++) {
            char last = ALPHABET.charAt(sextet);
            check("A" + last, (sextet & 0b1111) == 0);
            check("AA" + last, (sextet & 0b11) == 0);
        }
        assertThat(Base64Url.decode("v", "AA")).containsExactly(0);
        assertThat(Base64Url.decode("v", "AQ")).containsExactly(1);
        assertThat(Base64Url.decode("v", "AAE")).containsExactly(0, 1);
        assertMalformed("AB", "unused low bits");
        assertMalformed("Zh", "unused low bits");
        assertMalformed("AAB", "unused low bits");
        assertMalformed("Zm9", "unused low bits");
    }

    @Test
    void namesTheFieldInEveryRefusal() {
        ProtocolException missing =
                catchThrowableOfType(ProtocolException.class, () -> Base64Url.decode("payload.ciphertext", null));
        assertThat(missing.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(missing.getMessage()).contains("field payload.ciphertext is missing");

        ProtocolException bad =
                catchThrowableOfType(ProtocolException.class, () -> Base64Url.decode("header.nonce", "ab+c"));
        assertThat(bad.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(bad.getMessage()).contains("field header.nonce").contains("'+' at index 2");

        ProtocolException control = catchThrowableOfType(ProtocolException.class, () -> Base64Url.decode("f", "ab\nc"));
        assertThat(control.getMessage()).contains("U+000A at index 2");
    }

    /** Decoding is a bijection: any change to the text is either refused or yields other bytes. */
    @Property(tries = 300)
    void flippingAnyBitOfAnyCharacterIsRefusedOrChangesTheBytes(@ForAll @Size(max = 40) byte[] bytes) {
        String text = Base64Url.encode(bytes);
        for (int i = 0; i < text.length(); i++) {
            for (int bit = 0; bit < Character.SIZE; bit++) {
                char[] chars = text.toCharArray();
                chars[i] ^= (char) (1 << bit);
                String flipped = new String(chars);
                try {
                    assertThat(Base64Url.decode("v", flipped)).as(flipped).isNotEqualTo(bytes);
                } catch (ProtocolException e) {
                    assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
                }
            }
        }
    }

    @Property
    void everyAcceptedTextIsTheEncodingOfWhatItDecodesTo(@ForAll("nearlyBase64Url") String text) {
        try {
            assertThat(Base64Url.encode(Base64Url.decode("v", text))).isEqualTo(text);
        } catch (ProtocolException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        }
    }

    @Provide
    Arbitrary<String> nearlyBase64Url() {
        return Arbitraries.strings().withChars(ALPHABET + "=+/ ").ofMaxLength(12);
    }

    private static void check(String text, boolean accepted) throws ProtocolException {
        if (accepted) {
            assertThat(Base64Url.encode(Base64Url.decode("v", text))).isEqualTo(text);
        } else {
            assertMalformed(text, "unused low bits");
        }
    }

    private static void assertMalformed(String text, String messagePart) {
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> Base64Url.decode("f", text));
        assertThat(e).as("refusal of \"%s\"", text).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED);
        assertThat(e.getMessage()).contains("field f").contains(messagePart);
    }
}
