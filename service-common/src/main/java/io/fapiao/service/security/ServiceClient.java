package io.fapiao.service.security;

import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * A caller a service knows: registered with its certificate, named by the certificate's fingerprint
 * (the {@code keyid} of its request signatures, whose key checks them), with the roles it holds. Controllers take the authenticated one with
 * {@code @AuthenticationPrincipal}.
 *
 * <pre>{@code
 * @GetMapping("/v1/invoices/{number}")
 * InvoiceView read(@AuthenticationPrincipal RegisteredClient client, @PathVariable String number) { ... }
 * }</pre>
 */
public interface ServiceClient {
    /** The certificate's fingerprint: SHA-256 of its DER encoding, base64url without padding. */
    String keyId();

    /** The registered certificate. */
    X509Certificate certificate();

    /** A name for people and logs. */
    String name();

    /** What it may do, in lower case as configured ({@code issuer}, {@code auditor}, ...). */
    Set<String> roleNames();

    /** The submitters (USCCs) whose bills it acts for; empty for a client not scoped by submitter. */
    default Set<String> submitters() {
        return Set.of();
    }

    /** Whether it holds {@code role} (lower case). */
    default boolean has(String role) {
        return roleNames().contains(role);
    }

    /** Whether it acts for the submitter {@code uscc}. */
    default boolean actsFor(String uscc) {
        return uscc != null && submitters().contains(uscc);
    }
}
