package io.fapiao.verifier;

import io.fapiao.service.security.ServiceRoutes;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may reach the finance verifier, on the security layer of service-common. For now its
 * {@code /v1} routes stay open to whoever reaches the verifier, as before the layer existed, and it
 * says so at start: verdicts to the bureau's operators and provenance to auditors are the next step
 * (docs/security.md). Every other route (the actuator but health) is denied.
 */
@Configuration(proxyBeanMethods = false)
public class VerifierAccess {

    @Bean
    ServiceRoutes verifierRoutes() {
        LoggerFactory.getLogger(VerifierAccess.class).warn("the finance verifier's /v1 routes are open to any caller "
                + "that reaches it: keep it on loopback or behind an authenticating proxy (docs/security.md)");
        return routes -> routes.requestMatchers("/v1/**").permitAll();
    }
}
