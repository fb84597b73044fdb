package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.service.checkpoint.EventConsumer;
import io.fapiao.service.checkpoint.JdbcEventCheckpoint;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The verification pipeline: trust material and keys loaded (and checked) at start, then one event
 * consumer, {@value #CONSUMER}, that runs {@link VerdictRecorder} on every event from its checkpoint.
 *
 * <pre>{@code
 * fapiao.identity.certificate=.../verifier1@finance.fapiao.local/msp/signcerts/verifier1-cert.pem
 * fapiao.verifier.trust.ca-certificates=.../hospital.fapiao.local/msp/cacerts,.fapiao/ledger/gm/ca.pem
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class VerificationConfiguration {
    /** The consumer's name in {@code event_checkpoint}. */
    public static final String CONSUMER = "finance-verifier";

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
    DuplicateIndex duplicateIndex(JdbcTemplate jdbc, PayerPseudonyms pseudonyms) {
        return new DuplicateIndex(jdbc, pseudonyms);
    }

    @Bean
    VerdictStore verdictStore(JdbcTemplate jdbc) {
        return new VerdictStore(jdbc);
    }

    @Bean
    BillVerifier billVerifier(SignerTrust trust, OpeningKeys keys, FapiaoLedger ledger, DuplicateIndex duplicates,
            VerifierProperties properties) {
        return new BillVerifier(trust, keys, new Qualification(ledger), duplicates, properties.duplicates());
    }

    @Bean
    VerdictRecorder verdictRecorder(FapiaoLedger ledger, BillVerifier verifier, KeyMaterial identity,
            VerdictStore verdicts, DuplicateIndex duplicates) throws KeyUnavailable {
        return new VerdictRecorder(ledger, verifier, identity.signer(), identity.certificate(), verdicts, duplicates,
                Clock.systemUTC());
    }

    @Bean
    EventConsumer verdictConsumer(Ledger ledger, JdbcTemplate jdbc, TransactionTemplate transactions,
            VerdictRecorder recorder) {
        return new EventConsumer(CONSUMER, ledger, new JdbcEventCheckpoint(jdbc, transactions, CONSUMER), recorder);
    }
}
