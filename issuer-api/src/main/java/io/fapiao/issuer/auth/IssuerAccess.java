package io.fapiao.issuer.auth;

import io.fapiao.service.security.ClientDirectory;
import io.fapiao.service.security.ServiceRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may reach the issuer API, on the security layer of service-common: the public verification and
 * the OpenAPI document and UI to anyone; every other {@code /v1} route to a registered client (mutual
 * TLS or an RFC 9421 signature), whose roles each handler checks ({@link RegisteredClient#requireRole});
 * anything else is denied.
 */
@Configuration(proxyBeanMethods = false)
public class IssuerAccess {

    @Bean
    ClientDirectory issuerClients(ClientRegistry registry) {
        return registry::active;
    }

    @Bean
    ServiceRoutes issuerRoutes() {
        return routes -> routes.requestMatchers(HttpMethod.GET, "/v1/verify")
                .permitAll()
                .requestMatchers(HttpMethod.HEAD, "/v1/verify")
                .permitAll()
                .requestMatchers(
                        HttpMethod.GET,
                        "/v3/api-docs",
                        "/v3/api-docs/**",
                        "/v3/api-docs.yaml",
                        "/swagger-ui.html",
                        "/swagger-ui/**")
                .permitAll()
                .requestMatchers("/v1/**")
                .authenticated();
    }
}
