package io.fapiao.issuer.auth;

import java.util.Locale;

/**
 * What a registered REST client may do at the issuer API. Public endpoints ({@code GET /v1/verify},
 * the OpenAPI document and UI, health) need no role.
 *
 * <pre>{@code
 * client.requireRole(ClientRole.ISSUER);   // 403 ROLE_REQUIRED otherwise
 * }</pre>
 */
public enum ClientRole {
    /** Issues invoices from verified bills and reverses them. */
    ISSUER,
    /** Submits its own invoice requests, under the USCC it is registered with. */
    ENTERPRISE,
    /** Claims invoices for reimbursement. */
    CLAIMANT,
    /** Runs the service: the actuator beyond health, reconciliation ({@code ServiceSecurity.OPERATOR}). */
    OPERATOR;

    /** The role as written in configuration: lower case. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role of a configuration value such as {@code issuer}. */
    public static ClientRole named(String name) {
        for (ClientRole role : values()) {
            if (role.wireName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + name + "' is not one of issuer, enterprise, claimant, operator");
    }
}
