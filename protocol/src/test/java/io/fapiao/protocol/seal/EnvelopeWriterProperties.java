package io.fapiao.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.json.Bytes;
import io.fapiao.protocol.json.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** {@link SealedBill#toJson()} and the associated data, written directly, against {@link CanonicalJson#encode}. */
class EnvelopeWriterProperties {
    @Provide
    Arbitrary<Bytes> bytes() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80).map(Bytes::of));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.strings().ofMaxLength(10),
                Arbitraries.strings().withChars("\"\\\n\u00e9\u4e2dA").ofMaxLength(5));
    }

    @Property(tries = 1000)
    void envelopesAreWrittenAsCanonicalJsonWritesThem(
            @ForAll("texts") String text,
            @ForAll("texts") String other,
            @ForAll("bytes") Bytes a,
            @ForAll("bytes") Bytes b,
            @ForAll @IntRange(min = 0, max = 3) int recipients,
            @ForAll int version,
            @ForAll byte which) {
        CryptoSuite suite = which % 3 == 0 ? null : which % 3 == 1 ? CryptoSuite.INTL : CryptoSuite.GM;
        SealedBillHeader header =
                which % 7 == 0 ? null : new SealedBillHeader(version, suite, text, other, other, text, a, b);
        List<Recipient> list = new ArrayList<>();
        for (int i = 0; i < recipients; i++) {
            list.add(new Recipient(i % 2 == 0 ? text : other, i % 2 == 0 ? a : null, b));
        }
        SealedBill sealed = new SealedBill(
                header,
                which % 5 == 0 ? null : new SignerSignature(a, b),
                which % 11 == 0 ? null : new EncryptedPayload(b, a),
                which % 13 == 0 ? null : list);
        try {
            byte[] expected = CanonicalJson.encode(sealed);
            assertThat(new String(sealed.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(new String(expected, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            org.assertj.core.api.Assertions.assertThatThrownBy(sealed::toJson)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        if (header != null) {
            Map<String, Object> aad = new java.util.HashMap<>();
            aad.put("header", header);
            aad.put("recipients", list);
            assertThat(SealedBill.associatedData(header, list)).isEqualTo(CanonicalJson.encode(aad));
        }
    }
}
