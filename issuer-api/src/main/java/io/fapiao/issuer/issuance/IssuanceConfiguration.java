package io.fapiao.issuer.issuance;

import io.fapiao.issuer.numbering.RangeReservation;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.service.checkpoint.EventConsumer;
import io.fapiao.service.checkpoint.JdbcEventCheckpoint;
import io.fapiao.service.instance.InstanceIdentity;
import io.fapiao.service.work.WorkQueue;
import io.fapiao.service.work.WorkerPool;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuer's event consumer and workers: every BillVerified event with an ACCEPTED verdict queues
 * the bill (work queue {@value #QUEUE}) from a durable checkpoint (consumer {@code issuer-api}), and
 * {@code fapiao.issuer.workers} workers issue the queued bills, several at a time. Off with
 * {@code fapiao.issuer.issue-verified=false} (bills are then issued only on demand).
 *
 * <pre>{@code
 * fapiao.issuer.issue-verified=true
 * fapiao.issuer.workers=8
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "fapiao.issuer", name = "issue-verified", havingValue = "true", matchIfMissing = true)
public class IssuanceConfiguration {
    /** The work queue's name in {@code work_item}. */
    public static final String QUEUE = "issuance";

    @Bean
    WorkQueue issuanceQueue(JdbcTemplate jdbc, IssuerProperties properties) {
        return new WorkQueue(jdbc, QUEUE, properties.lease());
    }

    @Bean
    IssuanceEvents issuanceEvents(Issuance issuance, RangeReservation reservation, WorkQueue issuanceQueue) {
        return new IssuanceEvents(issuance, reservation, issuanceQueue);
    }

    @Bean
    EventConsumer issuerEvents(
            Ledger ledger, JdbcTemplate jdbc, PlatformTransactionManager transactions, IssuanceEvents events) {
        return new EventConsumer(
                "issuer-api",
                ledger,
                new JdbcEventCheckpoint(jdbc, new TransactionTemplate(transactions), "issuer-api"),
                events::onEvent);
    }

    @Bean
    WorkerPool issuers(
            WorkQueue issuanceQueue, InstanceIdentity instance, IssuanceEvents events, IssuerProperties properties) {
        return new WorkerPool(QUEUE, issuanceQueue, instance, properties.workers(), events::issueQueued);
    }
}
