package io.fapiao.hisadapter;

import io.fapiao.service.security.ServiceRoutes;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may reach the his-adapter, on the security layer of service-common. For now its {@code /v1}
 * routes stay open to whoever reaches the adapter, as before the layer existed, and it says so at
 * start: registered HIS clients bound to their submitters are the next step (docs/security.md). Every
 * other route (the actuator but health) is denied.
 */
@Configuration(proxyBeanMethods = false)
public class AdapterAccess {

    @Bean
    ServiceRoutes adapterRoutes() {
        LoggerFactory.getLogger(AdapterAccess.class).warn("the his-adapter's /v1 routes are open to any caller that "
                + "reaches it: keep it on loopback or behind an authenticating proxy (docs/security.md)");
        return routes -> routes.requestMatchers("/v1/**").permitAll();
    }
}
