package io.fapiao.service.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A service's routes and who may call them. Whatever no service declares is denied: health is the
 * only route every service makes public; everything else, the actuator included, is refused.
 *
 * <pre>{@code
 * @Bean
 * ServiceRoutes issuerRoutes() {
 *     return routes -> routes
 *             .requestMatchers(HttpMethod.GET, "/v1/verify").permitAll()
 *             .requestMatchers("/v1/**").authenticated();
 * }
 * }</pre>
 */
@FunctionalInterface
public interface ServiceRoutes {
    void declare(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry routes);
}
