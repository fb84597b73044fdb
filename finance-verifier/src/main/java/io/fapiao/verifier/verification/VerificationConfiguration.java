package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.service.checkpoint.EventConsumer;
import io.fapiao.service.checkpoint.JdbcEventCheckpoint;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
import io.fapiao.service.instance.InstanceIdentity;
import io.fapiao.service.work.WorkQueue;
import io.fapiao.service.work.WorkerPool;
import io.fapiao.verifier.VerifierProperties;
import io.fapiao.verifier.trust.SignerTrust;
import io.fapiao.verifier.trust.TrustUnavailable;
import io.fapiao.verifier.verdicts.VerdictStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The verification pipeline: trust material and keys loaded (and checked) at start; one event
 * consumer, {@value #CONSUMER}, that queues every submitted bill from its checkpoint
 * ({@link SubmittedBills}, work queue {@value #QUEUE}); and {@code fapiao.verifier.workers} workers that
 * run {@link VerdictRecorder} on the queued bills, several at a time.
 *
 * <pre>{@code
 * fapiao.identity.certificate=.../verifier1@finance.fapiao.local/msp/signcerts/verifier1-cert.pem
 * fapiao.verifier.trust.ca-certificates=.../hospital.fapiao.local/msp/cacerts,.fapiao/ledger/gm/ca.pem
 * fapiao.verifier.workers=8
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class VerificationConfiguration {
    /** The consumer's name in {@code event_checkpoint}. */
    public static final String CONSUMER = "finance-verifier";
    /** The work queue's name in {@code work_item}. */
    public static final String QUEUE = "verification";

    @Bean
    SignerTrust signerTrust(VerifierProperties properties) throws TrustUnavailable {
        return SignerTrust.load(properties.trust());
    }

    @Bean
    OpeningKeys openingKeys(KeyMaterial identity, VerifierProperties properties) throws KeyUnavailable {
        KeyMaterial gm = properties.gmIdentity() == null ? null : KeyMaterial.load(properties.gmIdentity());
        return OpeningKeys.of(identity, gm);
    }

    @Bean
    PayerPseudonyms payerPseudonyms(VerifierProperties properties, @Value("${fapiao.data-dir}") Path dataDir)
            throws IOException {
        Path file = properties.duplicates().payerKeyFile();
        return PayerPseudonyms.openOrCreate(file != null ? file : dataDir.resolve("payer-hash.key"));
    }

    @Bean
    DuplicateIndex duplicateIndex(
            JdbcTemplate jdbc, PlatformTransactionManager transactions, PayerPseudonyms pseudonyms) {
        return new DuplicateIndex(jdbc, transactions, pseudonyms);
    }

    @Bean
    VerdictStore verdictStore(JdbcTemplate jdbc) {
        return new VerdictStore(jdbc);
    }

    @Bean
    BillVerifier billVerifier(
            SignerTrust trust,
            OpeningKeys keys,
            FapiaoLedger ledger,
            DuplicateIndex duplicates,
            VerifierProperties properties) {
        return new BillVerifier(
                trust, keys, new Qualification(ledger), duplicates, properties.duplicates(), properties.clockSkew());
    }

    @Bean
    WorkQueue verificationQueue(JdbcTemplate jdbc, VerifierProperties properties) {
        return new WorkQueue(jdbc, QUEUE, properties.lease());
    }

    @Bean
    VerdictRecorder verdictRecorder(
            FapiaoLedger ledger,
            BillVerifier verifier,
            KeyMaterial identity,
            VerdictStore verdicts,
            DuplicateIndex duplicates,
            WorkQueue queue,
            TransactionTemplate transactions)
            throws KeyUnavailable {
        return new VerdictRecorder(
                ledger,
                verifier,
                identity.signer(),
                identity.certificate(),
                verdicts,
                duplicates,
                queue,
                transactions,
                Clock.systemUTC());
    }

    @Bean
    EventConsumer verdictConsumer(
            Ledger ledger,
            JdbcTemplate jdbc,
            TransactionTemplate transactions,
            WorkQueue queue,
            VerdictStore verdicts) {
        return new EventConsumer(
                CONSUMER,
                ledger,
                new JdbcEventCheckpoint(jdbc, transactions, CONSUMER),
                new SubmittedBills(queue, verdicts));
    }

    @Bean
    WorkerPool verifiers(
            WorkQueue queue, InstanceIdentity instance, VerdictRecorder recorder, VerifierProperties properties) {
        return new WorkerPool(QUEUE, queue, instance, properties.workers(), recorder);
    }
}
