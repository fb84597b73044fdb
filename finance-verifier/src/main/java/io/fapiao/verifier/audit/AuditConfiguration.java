package io.fapiao.verifier.audit;

import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.provenance.ProvenanceReader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auditor API's one collaborator: a {@link ProvenanceReader} over the service's ledger
 * connection (the finance bureau's identity may read every bill, invoice and history).
 *
 * <pre>{@code
 * @Autowired ProvenanceReader reader;
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    ProvenanceReader provenanceReader(Ledger ledger) {
        return new ProvenanceReader(ledger);
    }
}
