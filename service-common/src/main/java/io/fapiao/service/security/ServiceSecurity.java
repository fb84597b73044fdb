package io.fapiao.service.security;

import io.fapiao.httpsig.InMemoryNonceRegistry;
import io.fapiao.httpsig.MessageVerifier;
import io.fapiao.httpsig.NonceRegistry;
import io.fapiao.httpsig.VerificationPolicy;
import io.fapiao.service.http.HttpLimits;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * One authentication and authorisation layer for every service, on Spring Security's filter chain
 * (so path normalisation, path parameters and encoded separators are the firewall's business, before
 * any route matches): callers authenticate by mutual TLS or an RFC 9421 signature with a registered
 * client's key ({@link ClientDirectory}, replay-protected by the {@link NonceRegistry}); a route is
 * reachable only when a service's {@link ServiceRoutes} declares it (health is public everywhere, the
 * rest of the actuator is for the {@link #OPERATOR} role); everything else is denied. Stateless: no session, no cookie, so no CSRF token either.
 *
 * <pre>{@code
 * @Bean ClientDirectory clients(ClientRegistry registry) { return registry::active; }
 * @Bean ServiceRoutes routes() { return r -> r.requestMatchers("/v1/**").hasRole("AUDITOR"); }
 * }</pre>
 */
@AutoConfiguration(
        beforeName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties({HttpLimits.class, ClientSettings.class})
public class ServiceSecurity {
    /** The role every service gives its operators: the actuator beyond health, administrative routes. */
    public static final String OPERATOR = "operator";

    @Bean
    MessageVerifier requestVerifier(
            ObjectProvider<ClientDirectory> directory,
            ObjectProvider<NonceRegistry> nonces,
            @Value("${fapiao.security.signature-max-age:5m}") Duration maxAge) {
        ClientDirectory clients = directory.getIfAvailable(ClientDirectory::none);
        return new MessageVerifier(
                keyId -> clients.active(keyId).map(c -> c.certificate().getPublicKey()),
                VerificationPolicy.requests().withMaxAge(maxAge),
                nonces.getIfAvailable(() -> new InMemoryNonceRegistry(Clock.systemUTC())),
                Clock.systemUTC());
    }

    @Bean
    ClientCertificates clientCertificates(ClientSettings settings) {
        return ClientCertificates.of(settings, Clock.systemUTC());
    }

    @Bean
    AuthenticationManager clientAuthentication(
            ObjectProvider<ClientDirectory> directory, MessageVerifier verifier, ClientCertificates certificates) {
        return new ProviderManager(new ClientAuthenticationProvider(
                directory.getIfAvailable(ClientDirectory::none), verifier, certificates));
    }

    @Bean
    ProblemAnswers securityProblems(
            @Value("${spring.application.name:fapiao}") String realm, MessageVerifier verifier) {
        return new ProblemAnswers("fapiao-" + realm.replace("fapiao-", ""), verifier);
    }

    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemAnswers problems) {
        return problems;
    }

    @Bean
    SecurityFilterChain serviceSecurityChain(
            HttpSecurity http,
            AuthenticationManager clients,
            ProblemAnswers problems,
            List<ServiceRoutes> routes,
            HttpLimits limits)
            throws Exception {
        AuthenticationFilter authentication = new AuthenticationFilter(clients, new PresentedCredentialsConverter());
        // Authenticated, go on to the route; refused, answer 401 here.
        authentication.setSuccessHandler((request, response, result) -> {});
        authentication.setFailureHandler(problems);
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .anonymous(anonymous -> {})
                .addFilterBefore(
                        new SignedRequestBuffer(limits.maxBodyBytes()), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(authentication, SignedRequestBuffer.class)
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> {
                    // Errors forwarded inside the server are answered as they are; the request was checked on the way
                    // in.
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    requests.requestMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll();
                    // Metrics, mappings and the rest tell an attacker much: the operators' only.
                    requests.requestMatchers("/actuator", "/actuator/**").hasRole(OPERATOR.toUpperCase(Locale.ROOT));
                    routes.forEach(route -> route.declare(requests));
                    requests.anyRequest().denyAll();
                })
                .build();
    }
}
