package io.fapiao.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The direct writer against {@link CanonicalJson}, the general path, on arbitrary strings, integers and bytes. */
class CanonicalWriterProperties {
    @Property(tries = 2000)
    void writesWhatCanonicalJsonWrites(@ForAll String a, @ForAll String b, @ForAll long n, @ForAll byte[] bytes) {
        Object expected;
        try {
            expected = new String(
                    CanonicalJson.encode(Map.of("a", a, "b", b, "bytes", Bytes.of(bytes), "n", n)),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            expected = IllegalArgumentException.class;
        }
        if (expected instanceof String json) {
            byte[] written = new CanonicalWriter(4)
                    .beginObject()
                    .member("a", a)
                    .member("b", b)
                    .member("bytes", Bytes.of(bytes))
                    .member("n", n)
                    .endObject()
                    .toByteArray();
            assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(json);
        } else {
            assertThatThrownBy(() -> new CanonicalWriter(4)
                            .beginObject()
                            .member("a", a)
                            .member("b", b)
                            .member("bytes", Bytes.of(bytes))
                            .member("n", n)
                            .endObject())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @net.jqwik.api.Example
    void refusesALoneSurrogateEvenWhereItsUtf8WouldBeAsLongAsTheString() {
        // The JDK's encoder writes a lone surrogate as one '?', so a letter and a lone surrogate encode to two bytes.
        for (String lone : java.util.List.of("a\uD800", "\uDC00", "?\uD800?", "x\uDBFFy")) {
            assertThatThrownBy(() -> new CanonicalWriter(4).value(lone))
                    .as(lone)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new String(
                        new CanonicalWriter(4).value("a?b").toByteArray(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("\"a?b\"");
    }

    @Property(tries = 2000)
    void writesMemberNamesGivenInAdvanceAsItWritesThemGivenAsText(@ForAll String value, @ForAll long n) {
        net.jqwik.api.Assume.that(n >= -(1L << 53) && n <= 1L << 53);
        byte[] expected;
        try {
            expected = new CanonicalWriter(4)
                    .beginObject()
                    .member("a", value)
                    .member("n", n)
                    .endObject()
                    .toByteArray();
        } catch (IllegalArgumentException loneSurrogate) {
            return;
        }
        byte[] written = new CanonicalWriter(4)
                .beginObject()
                .member(MemberName.of("a"), value)
                .member(MemberName.of("n"), n)
                .endObject()
                .toByteArray();
        assertThat(written).isEqualTo(expected);
    }

    @Property(tries = 200)
    void nestsArraysAndObjectsWithCommasWhereTheyBelong(@ForAll long x) {
        net.jqwik.api.Assume.that(x >= -(1L << 53) && x <= 1L << 53);
        Map<String, Object> value =
                Map.of("list", java.util.List.of(Map.of("k", x), Map.of("k", x), java.util.List.of()), "z", Map.of());
        String expected = new String(CanonicalJson.encode(value), java.nio.charset.StandardCharsets.UTF_8);
        byte[] written = new CanonicalWriter(1)
                .beginObject()
                .name("list")
                .beginArray()
                .beginObject()
                .member("k", x)
                .endObject()
                .beginObject()
                .member("k", x)
                .endObject()
                .beginArray()
                .endArray()
                .endArray()
                .name("z")
                .beginObject()
                .endObject()
                .endObject()
                .toByteArray();
        assertThat(new String(written, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(expected);
    }
}
