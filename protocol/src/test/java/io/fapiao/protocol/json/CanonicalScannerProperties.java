package io.fapiao.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The eight-bytes-at-a-time searches of {@link CanonicalScanner} find what a byte-by-byte loop finds. */
class CanonicalScannerProperties {
    @Property(tries = 5000)
    void plainRunEndIsTheFirstStopByte(@ForAll("text") byte[] in, @ForAll @IntRange(max = 40) int from) {
        int start = Math.min(from, in.length);
        int expected = start;
        while (expected < in.length
                && !(in[expected] == '"' || in[expected] == '\\' || (in[expected] >= 0 && in[expected] < 0x20))) {
            expected++;
        }
        assertThat(CanonicalScanner.plainRunEnd(in, start)).isEqualTo(expected);
    }

    @Property(tries = 5000)
    void plainRunEndStopsAtTheExtraByteToo(
            @ForAll("text") byte[] in, @ForAll @IntRange(max = 40) int from, @ForAll byte also) {
        int start = Math.min(from, in.length);
        int expected = start;
        while (expected < in.length
                && in[expected] != also
                && !(in[expected] == '"' || in[expected] == '\\' || (in[expected] >= 0 && in[expected] < 0x20))) {
            expected++;
        }
        assertThat(CanonicalScanner.plainRunEnd(in, start, also)).isEqualTo(expected);
    }

    @Property(tries = 5000)
    void quoteIsTheFirstQuote(@ForAll("text") byte[] in, @ForAll @IntRange(max = 40) int from) {
        int start = Math.min(from, in.length);
        int expected = start;
        while (expected < in.length && in[expected] != '"') {
            expected++;
        }
        assertThat(CanonicalScanner.quote(in, start)).isEqualTo(expected);
    }

    /** Mostly plain bytes (ASCII and UTF-8 lead and continuation bytes), now and then one a search stops at or borrows across. */
    @Provide
    Arbitrary<byte[]> text() {
        Arbitrary<Byte> plain = Arbitraries.oneOf(
                Arbitraries.bytes().between((byte) 0x20, (byte) 0x7F),
                Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF));
        Arbitrary<Byte> edge = Arbitraries.of(
                (byte) '"',
                (byte) '\\',
                (byte) 0,
                (byte) 0x1F,
                (byte) 0x20,
                (byte) 0x21,
                (byte) 0x23,
                (byte) 0x5B,
                (byte) 0x5D,
                (byte) 0x7F,
                (byte) 0x80,
                (byte) 0xA2,
                (byte) 0xDC,
                (byte) 0x01);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(12, plain), net.jqwik.api.Tuple.of(1, edge))
                .array(byte[].class)
                .ofMaxSize(60);
    }
}
