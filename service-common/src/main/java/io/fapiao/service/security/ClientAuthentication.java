package io.fapiao.service.security;

import java.util.Locale;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated caller: the {@link ServiceClient} as principal, its roles as authorities
 * {@code ROLE_<NAME>} (so routes say {@code hasRole("ISSUER")}), and how it proved itself.
 */
public final class ClientAuthentication extends AbstractAuthenticationToken {
    private final transient ServiceClient client;
    private final String method;

    ClientAuthentication(ServiceClient client, String method) {
        super(client.roleNames().stream()
                .map(role -> new SimpleGrantedAuthority("ROLE_" + role.toUpperCase(Locale.ROOT)))
                .toList());
        this.client = client;
        this.method = method;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return method;
    }

    @Override
    public Object getPrincipal() {
        return client;
    }

    @Override
    public String getName() {
        return client.name();
    }

    /** {@code signature} or {@code mutual-tls}. */
    public String method() {
        return method;
    }
}
