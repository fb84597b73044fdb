package io.fapiao.verifier;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Fapiao finance verifier: the finance bureau's service: re-checks every submitted bill and records a signed verdict; the auditor's provenance API. Its ledger connection, identity, database and error responses come from
 * {@code service-common}; its properties are in {@code application.yml}.
 *
 * <pre>{@code
 * java -jar finance-verifier/target/fapiao-finance-verifier.jar --spring.config.additional-location=file:.fapiao/services/finance-verifier.properties
 * }</pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FinanceVerifierApplication {
    public static void main(String[] args) {
        SpringApplication.run(FinanceVerifierApplication.class, args);
    }
}
