package io.fapiao.issuer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Fapiao issuer API: the issuer's service: numbering, invoice documents, reversal, claims and public verification over a signed REST API. Its ledger connection, identity, database and error responses come from
 * {@code service-common}; its properties are in {@code application.yml}.
 *
 * <pre>{@code
 * java -jar issuer-api/target/fapiao-issuer-api.jar --spring.config.additional-location=file:.fapiao/services/issuer-api.properties
 * }</pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IssuerApiApplication {
    public static void main(String[] args) {
        SpringApplication.run(IssuerApiApplication.class, args);
    }
}
