package io.fapiao.service.ledger;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyProperties;
import io.fapiao.service.identity.KeyUnavailable;
import java.io.IOException;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The service's identity and its one connection to the ledger. Every service reaches the ledger
 * through these beans, so the embedded node and a Fabric network differ only in properties.
 *
 * <pre>{@code
 * @Service
 * record Submission(FapiaoLedger ledger, KeyMaterial key) { ... }
 * }</pre>
 */
@AutoConfiguration
@EnableConfigurationProperties({LedgerProperties.class, KeyProperties.class})
public class LedgerConfiguration {

    @Bean
    KeyMaterial keyMaterial(KeyProperties properties) throws KeyUnavailable {
        return KeyMaterial.load(properties);
    }

    @Bean(destroyMethod = "close")
    Ledger ledger(LedgerProperties properties, KeyMaterial key) throws IOException, KeyUnavailable {
        return Ledger.connect(properties.settings(key.source()), key.certificate(), key.gatewaySigner());
    }

    @Bean
    FapiaoLedger fapiaoLedger(Ledger ledger) {
        return new FapiaoLedger(ledger);
    }
}
