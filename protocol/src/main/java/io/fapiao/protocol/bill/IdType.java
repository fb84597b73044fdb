package io.fapiao.protocol.bill;

import java.util.Optional;

/**
 * The kinds of identity document a {@link Payer} may present. A payer stores the kind as the
 * constant's {@linkplain #name() name}, a plain string, so an unknown kind still parses and is
 * reported as {@link ViolationCode#UNKNOWN_ID_TYPE}. The kind decides how the number is checked:
 *
 * <ul>
 *   <li>{@link #RESIDENT_ID}: an 18-character resident identity number, see {@link ResidentId};
 *   <li>{@link #PASSPORT}: 5 to 20 characters of {@code A-Z} and {@code 0-9};
 *   <li>{@link #OTHER}: any other document (permit, military id, medical-insurance card number): up
 *       to 32 characters of text.
 * </ul>
 *
 * <pre>{@code
 * new Payer("张伟", IdType.RESIDENT_ID.name(), "11010519491231002X");
 * IdType.of("PASSPORT");   // Optional[PASSPORT]
 * }</pre>
 */
public enum IdType {
    /** 居民身份证: the GB 11643 resident identity number. */
    RESIDENT_ID,
    /** 护照: a passport number. */
    PASSPORT,
    /** 其他证件: any other identity document. */
    OTHER;

    /** The id type whose name is exactly {@code code}, or empty (also for null). */
    public static Optional<IdType> of(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (IdType type : values()) {
            if (type.name().equals(code)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
