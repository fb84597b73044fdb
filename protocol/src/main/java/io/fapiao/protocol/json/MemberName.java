package io.fapiao.protocol.json;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * An object member's name as it stands in canonical JSON, quoted and followed by its colon, encoded
 * once: the direct writers and the fast-path readers handle the same few names for every item of
 * every bill, so they write and compare these bytes instead of encoding the name each time.
 *
 * <pre>{@code
 * static final MemberName TOTAL = MemberName.of("total");
 * writer.member(TOTAL, bill.total());          // writes "total":1000
 * long total = scanner.member(TOTAL) ? scanner.integer() : scanner.decline();
 * }</pre>
 */
public final class MemberName {
    private final String name;
    private final byte[] quoted;

    private MemberName(String name) {
        this.name = name;
        this.quoted = ("\"" + name + "\":").getBytes(UTF_8);
    }

    /**
     * The member name {@code name}: plain printable ASCII without quote or backslash, so that its
     * canonical form is the name itself in quotes.
     */
    public static MemberName of(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7F) {
                throw new IllegalArgumentException("a member name here is plain printable ASCII: " + name);
            }
        }
        return new MemberName(name);
    }

    /** {@code "name":} in UTF-8; never changed. */
    byte[] quoted() {
        return quoted;
    }

    @Override
    public String toString() {
        return name;
    }
}
