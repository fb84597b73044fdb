package io.fapiao.verifier;

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
 * Who may reach the finance verifier, on the security layer of service-common. Verdicts (with the
 * duplicate links between one patient's bills across hospitals) go to the bureau's operators
 * ({@value ServiceSecurity#OPERATOR}), who also reconcile; provenance timelines and proof bundles to
 * auditors ({@value #AUDITOR}) and to a submitter's client ({@value #SUBMITTER}) for that submitter's
 * own bills (the controller checks the scope). Anything else is denied.
 */
@Configuration(proxyBeanMethods = false)
public class VerifierAccess {
    /** Reads the provenance and proof of every bill. */
    public static final String AUDITOR = "auditor";
    /** Reads the provenance and proof of the bills of the submitters it is registered for. */
    public static final String SUBMITTER = "submitter";

    @Bean
    ClientDirectory verifierClients(ClientSettings settings) {
        return ClientRoster.load(settings, Set.of(ServiceSecurity.OPERATOR, AUDITOR, SUBMITTER), Set.of(SUBMITTER));
    }

    @Bean
    ServiceRoutes verifierRoutes() {
        return routes -> routes.requestMatchers(HttpMethod.GET, "/v1/verdicts", "/v1/verdicts/*")
                .hasRole("OPERATOR")
                .requestMatchers(HttpMethod.GET, "/v1/provenance/*", "/v1/provenance/*/proof")
                .hasAnyRole("AUDITOR", "SUBMITTER")
                .requestMatchers(HttpMethod.POST, "/v1/admin/reconcile")
                .hasRole("OPERATOR");
    }
}
