package io.fapiao.service.security;

import org.springframework.security.core.AuthenticationException;

/** A caller's credentials were refused; {@code code} is the stable code the 401 carries. */
public final class ClientRefused extends AuthenticationException {
    private final String code;

    public ClientRefused(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
