package io.fapiao.hisadapter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Fapiao HIS adapter: the hospital's service: inbound bills, durable outbox, sealing, submission, status. Its ledger connection, identity, database and error responses come from
 * {@code service-common}; its properties are in {@code application.yml}.
 *
 * <pre>{@code
 * java -jar his-adapter/target/fapiao-his-adapter.jar --spring.config.additional-location=file:.fapiao/services/his-adapter.properties
 * }</pre>
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HisAdapterApplication {
    public static void main(String[] args) {
        SpringApplication.run(HisAdapterApplication.class, args);
    }
}
