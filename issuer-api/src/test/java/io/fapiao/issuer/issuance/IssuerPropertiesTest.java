package io.fapiao.issuer.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The issuer prints on its invoices the name it is given: without {@code fapiao.issuer.name} it does
 * not start (it once printed the development platform's "Fapiao Development Issuer").
 */
class IssuerPropertiesTest {
    private final ApplicationContextRunner issuer = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IssuerProperties.class)
    static class Bound {}

    @Test
    void anIssuerWithoutANameRefusesToStartAndNamesTheProperty() {
        issuer.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fapiao.issuer.name"));
        issuer.withPropertyValues("fapiao.issuer.name= ")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("fapiao.issuer.name"));
    }

    @Test
    void theGivenNameIsTheOnePrinted() {
        issuer.withPropertyValues("fapiao.issuer.name=Hangzhou E-Invoice Services")
                .run(context -> assertThat(
                                context.getBean(IssuerProperties.class).name())
                        .isEqualTo("Hangzhou E-Invoice Services"));
    }
}
