package io.fapiao.hisadapter;

import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.hisadapter.bill.BillVault;
import io.fapiao.hisadapter.callback.CallbackOutbox;
import io.fapiao.hisadapter.callback.CallbackSender;
import io.fapiao.hisadapter.status.LedgerStatusFeed;
import io.fapiao.hisadapter.submission.BillSealing;
import io.fapiao.hisadapter.submission.BillSubmission;
import io.fapiao.hisadapter.submission.SubmissionOutbox;
import io.fapiao.httpsig.MessageSigner;
import io.fapiao.ledger.client.Backoff;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.service.checkpoint.EventConsumer;
import io.fapiao.service.checkpoint.JdbcEventCheckpoint;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
import io.fapiao.service.instance.InstanceIdentity;
import io.fapiao.service.work.WorkerPool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The adapter's background parts: the vault for bills at rest, the sealing keys, the submission
 * workers and the callback worker (service-common's {@link WorkerPool}s over the durable work queues
 * {@code submission} and {@code callback}), and the ledger event consumer. The workers name their
 * leases after the process's {@link InstanceIdentity} ({@code fapiao.instance-id}, see service-common).
 * The web and storage parts are components found by scanning.
 *
 * <pre>{@code
 * fapiao.his.recipients.intl=...   # see HisProperties
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class HisAdapterConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    BillVault billVault(HisProperties properties, @Value("${fapiao.data-dir}") Path dataDir) throws IOException {
        return BillVault.openOrCreate(
                properties.dataKeyFile() != null ? properties.dataKeyFile() : dataDir.resolve("bill-data.key"));
    }

    @Bean
    BillSealing billSealing(HisProperties properties, KeyMaterial identity) throws KeyUnavailable {
        return BillSealing.load(properties, identity);
    }

    @Bean
    Backoff backoff(HisProperties properties) {
        return new Backoff(properties.initialBackoff(), properties.maxBackoff());
    }

    @Bean
    BillSubmission billSubmission(
            SubmissionOutbox outbox,
            BillSealing sealing,
            BillVault vault,
            BillJournal journal,
            FapiaoLedger ledger,
            TransactionTemplate transactions,
            Clock clock,
            Backoff backoff) {
        return new BillSubmission(outbox, sealing, vault, journal, ledger, transactions, clock, backoff);
    }

    /** Each worker seals and submits one bill and waits for its commit; several keep the blocks full. */
    @Bean
    WorkerPool submissionWorkers(
            SubmissionOutbox outbox,
            BillSubmission submission,
            InstanceIdentity instance,
            HisProperties properties,
            Backoff backoff) {
        return new WorkerPool(
                SubmissionOutbox.QUEUE,
                outbox.queue(),
                instance,
                properties.workers(),
                submission,
                properties.pollInterval(),
                backoff);
    }

    @Bean
    @ConditionalOnProperty("fapiao.his.callback-url")
    CallbackSender callbackSender(
            CallbackOutbox outbox,
            BillJournal journal,
            TransactionTemplate transactions,
            KeyMaterial identity,
            HisProperties properties,
            Clock clock)
            throws KeyUnavailable {
        // keyid: the certificate's SHA-256 fingerprint, the name the ledger records this identity by.
        String keyId = CryptoSuite.INTL.fingerprint(identity.certificate());
        MessageSigner signer = MessageSigner.of(identity.signer(), keyId).withClock(clock);
        return new CallbackSender(
                outbox, journal, transactions, properties.callbackUrl(), signer, properties.callbackTimeout());
    }

    /** One worker: notifications are delivered one at a time, each bill's in order. */
    @Bean
    @ConditionalOnProperty("fapiao.his.callback-url")
    WorkerPool callbackWorkers(
            CallbackOutbox outbox,
            CallbackSender sender,
            InstanceIdentity instance,
            HisProperties properties,
            Backoff backoff) {
        return new WorkerPool(
                CallbackOutbox.QUEUE, outbox.queue(), instance, 1, sender, properties.pollInterval(), backoff);
    }

    @Bean
    EventConsumer ledgerStatusEvents(
            Ledger ledger,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            LedgerStatusFeed feed,
            HisProperties properties) {
        return new EventConsumer(
                LedgerStatusFeed.CONSUMER,
                ledger,
                new JdbcEventCheckpoint(jdbc, transactions, LedgerStatusFeed.CONSUMER),
                feed::handle,
                EventConsumer.DEFAULT_BACKOFF.withMax(properties.maxBackoff()));
    }
}
