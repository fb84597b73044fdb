package io.fapiao.issuer.rendering;

import io.fapiao.service.instance.InstanceIdentity;
import io.fapiao.service.work.WorkerPool;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rendering workers: {@code fapiao.issuer.rendering.workers} threads that claim the issued
 * invoices of the work queue {@value DocumentRendering#QUEUE} and render them ({@link
 * DocumentRendering#renderQueued}), with service-common's {@link WorkerPool} (leases held as
 * {@code rendering@<instance id>}, a failed item put back with the pool's backoff, never dropped). Always
 * on, whatever {@code fapiao.issuer.issue-verified} says: invoices issued on demand need renditions too.
 *
 * <pre>{@code
 * fapiao.issuer.rendering.workers=2
 * }</pre>
 */
@Configuration(proxyBeanMethods = false)
public class RenderingConfiguration {

    @Bean
    WorkerPool renderers(DocumentRendering rendering, InstanceIdentity instance, RenderingProperties properties) {
        return new WorkerPool(
                DocumentRendering.QUEUE, rendering.queue(), instance, properties.workers(), rendering::renderQueued);
    }
}
