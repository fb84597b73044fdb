package io.fapiao.issuer.auth;

import io.fapiao.service.problem.RequestRefused;
import io.fapiao.service.security.ServiceClient;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A REST client the issuer API knows: named by its certificate's fingerprint (the {@code keyid} of
 * its request signatures), with its roles and, for an enterprise, the seller USCC it acts for. The
 * authentication filter puts the authenticated client in the request attribute {@link #ATTRIBUTE}.
 *
 * <pre>{@code
 * @PostMapping("/v1/invoices/{number}/reversal")
 * ResponseEntity<String> reverse(@AuthenticationPrincipal RegisteredClient client, ...) {
 *     client.requireRole(ClientRole.ISSUER);
 * }
 * }</pre>
 *
 * @param keyId the certificate's fingerprint: SHA-256 of its DER encoding, base64url without padding
 * @param name a name for people and logs
 * @param certificate the registered certificate
 * @param roles what the client may do
 * @param uscc the seller USCC of an enterprise client ({@code null} for others)
 * @param active whether the client may authenticate
 */
public record RegisteredClient(
        String keyId, String name, X509Certificate certificate, Set<ClientRole> roles, String uscc, boolean active)
        implements ServiceClient {

    public RegisteredClient {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    @Override
    public Set<String> roleNames() {
        return roles.stream().map(ClientRole::wireName).collect(Collectors.toUnmodifiableSet());
    }

    public boolean has(ClientRole role) {
        return roles.contains(role);
    }

    /**
     * Passes when the client holds one of the roles.
     *
     * @throws RequestRefused 403 {@code ROLE_REQUIRED} naming the roles needed
     */
    public void requireRole(ClientRole... anyOf) {
        for (ClientRole role : anyOf) {
            if (has(role)) {
                return;
            }
        }
        throw new RequestRefused(
                        RequestRefused.Kind.NOT_ALLOWED,
                        "ROLE_REQUIRED",
                        "this request needs a client with role "
                                + Arrays.stream(anyOf).map(ClientRole::wireName).collect(Collectors.joining(" or "))
                                + "; client "
                                + name + " has "
                                + roles.stream()
                                        .map(ClientRole::wireName)
                                        .sorted()
                                        .toList())
                .with(
                        "requiredRoles",
                        Arrays.stream(anyOf).map(ClientRole::wireName).toList());
    }

    @Override
    public String toString() {
        return "RegisteredClient[" + name + ", keyid " + keyId + ", " + roles + "]";
    }
}
