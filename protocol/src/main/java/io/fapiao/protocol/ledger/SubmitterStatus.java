package io.fapiao.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Whether a registered submitter may submit. {@code suspended} stops submission at once, whatever the
 * qualification window says.
 *
 * <pre>{@code
 * SubmitterStatus status = SubmitterStatus.named("suspended");
 * }</pre>
 */
public enum SubmitterStatus {
    ACTIVE,
    SUSPENDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static SubmitterStatus named(String value) {
        for (SubmitterStatus status : values()) {
            if (status.wireName().equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("status must be active or suspended, not " + value);
    }
}
