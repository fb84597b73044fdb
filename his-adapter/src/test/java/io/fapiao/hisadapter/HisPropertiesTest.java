package io.fapiao.hisadapter;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * An adapter serves only the submitters it is told to: without {@code fapiao.his.submitters} it does
 * not start (it once fell back to the development hospitals, which a production adapter would then
 * have served unasked).
 */
class HisPropertiesTest {
    private final ApplicationContextRunner adapter = new ApplicationContextRunner().withUserConfiguration(Bound.class);

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HisProperties.class)
    static class Bound {}

    @Test
    void anAdapterWithoutSubmittersRefusesToStartAndNamesTheProperty() {
        adapter.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fapiao.his.submitters"));
        adapter.withPropertyValues("fapiao.his.submitters=")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("fapiao.his.submitters"));
    }

    @Test
    void theNamedSubmittersAreTheOnesServed() {
        adapter.withPropertyValues("fapiao.his.submitters=91610113MA03AX231B,12350100MB0000001X")
                .run(context -> assertThat(context.getBean(HisProperties.class).submitters())
                        .containsExactly("91610113MA03AX231B", "12350100MB0000001X"));
    }
}
