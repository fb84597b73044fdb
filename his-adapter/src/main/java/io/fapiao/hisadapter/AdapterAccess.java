package io.fapiao.hisadapter;

import io.fapiao.service.security.ClientDirectory;
import io.fapiao.service.security.ClientRoster;
import io.fapiao.service.security.ClientSettings;
import io.fapiao.service.security.ServiceRoutes;
import io.fapiao.service.security.ServiceSecurity;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Who may reach the his-adapter, on the security layer of service-common. The adapter signs bills with
 * the hospital's key, so only the hospital's registered HIS clients ({@value #HIS}) submit, each for
 * the submitters (USCCs) it is registered for and reading only those submitters' bills (the
 * controller checks the scope); the operator ({@value ServiceSecurity#OPERATOR}) reconciles. Anything
 * else is denied.
 *
 * <pre>{@code
 * fapiao.security.clients[0].roles=his
 * fapiao.security.clients[0].submitters=12350100MB0000001X
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class AdapterAccess {
    /** A hospital's HIS: submits and follows its submitters' bills. */
    public static final String HIS = "his";

    @Bean
    ClientDirectory adapterClients(ClientSettings settings) {
        return ClientRoster.load(settings, Set.of(HIS, ServiceSecurity.OPERATOR), Set.of(HIS));
    }

    @Bean
    ServiceRoutes adapterRoutes() {
        return routes -> routes.requestMatchers(HttpMethod.POST, "/v1/bills")
                .hasRole("HIS")
                .requestMatchers(HttpMethod.GET, "/v1/bills/*")
                .hasRole("HIS")
                .requestMatchers(HttpMethod.POST, "/v1/admin/reconcile")
                .hasRole("OPERATOR");
    }
}
