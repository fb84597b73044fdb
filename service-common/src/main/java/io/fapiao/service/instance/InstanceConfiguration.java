package io.fapiao.service.instance;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The service's {@link InstanceIdentity}, from {@code fapiao.instance-id} or the id kept in
 * {@code fapiao.data-dir}; its workers name their leases after it.
 *
 * <pre>{@code
 * @Bean
 * WorkerPool issuers(WorkQueue queue, InstanceIdentity instance, ...) {
 *     return new WorkerPool("issuance", queue, instance, 8, handler);
 * }
 * }</pre>
 */
@AutoConfiguration
public class InstanceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    InstanceIdentity instanceIdentity(
            @Value("${fapiao.instance-id:}") String configured, @Value("${fapiao.data-dir:}") String dataDir) {
        return InstanceIdentity.load(configured, dataDir.isBlank() ? null : Path.of(dataDir));
    }
}
