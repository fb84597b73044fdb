package io.fapiao.issuer.issuance;

import io.fapiao.ledger.client.Ledger;
import io.fapiao.service.checkpoint.EventConsumer;
import io.fapiao.service.checkpoint.JdbcEventCheckpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuer's event consumer: every BillVerified event with an ACCEPTED verdict is issued, from a
 * durable checkpoint (consumer {@code issuer-api}). Off with {@code fapiao.issuer.issue-verified=false}
 * (bills are then issued only on demand).
 *
 * <pre>{@code
 * fapiao.issuer.issue-verified=true
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "fapiao.issuer", name = "issue-verified", havingValue = "true", matchIfMissing = true)
public class IssuanceConfiguration {

    @Bean
    EventConsumer issuerEvents(Ledger ledger, JdbcTemplate jdbc, PlatformTransactionManager transactions,
            IssuanceEvents events) {
        return new EventConsumer("issuer-api", ledger,
                new JdbcEventCheckpoint(jdbc, new TransactionTemplate(transactions), "issuer-api"), events::onEvent);
    }
}
