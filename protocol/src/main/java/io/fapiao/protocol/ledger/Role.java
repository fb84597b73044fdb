package io.fapiao.protocol.ledger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a caller does on the ledger. It is read from the {@code role} attribute of the caller's
 * certificate (Fabric CA's attribute extension) and is only honoured where the governance record
 * grants that role to the caller's MSP.
 *
 * <pre>{@code
 * Role role = Role.fromAttribute("hospital");   // HOSPITAL
 * }</pre>
 */
public enum Role {
    HOSPITAL,
    ENTERPRISE,
    FINANCE,
    ISSUER,
    AUDITOR,
    CLAIMANT;

    /** The value as it appears in certificates and in JSON: lower case. */
    @JsonValue
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named by a certificate attribute value, or null when it names none. */
    @JsonCreator
    public static Role fromAttribute(String value) {
        if (value == null) {
            return null;
        }
        for (Role role : values()) {
            if (role.attribute().equals(value)) {
                return role;
            }
        }
        return null;
    }

    /** Whether this role submits bills under a registered USCC. */
    public boolean submits() {
        return this == HOSPITAL || this == ENTERPRISE;
    }
}
