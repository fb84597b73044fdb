package io.fapiao.issuer.rendering;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the invoice documents' renditions (PDF, OFD) are made off the issuance path: how many rendering
 * workers take the invoices the ledger recorded from the work queue {@code rendering}, how long one
 * holds an invoice, and how long a download of a rendition not made yet waits for it before it answers
 * {@code 202 Accepted} with {@code Retry-After}.
 *
 * <pre>{@code
 * fapiao.issuer.rendering.workers=2
 * fapiao.issuer.rendering.lease=5m
 * fapiao.issuer.rendering.download-wait=2s
 * }</pre>
 *
 * @param workers      how many invoices are rendered at the same time (rendering is CPU work: about one
 *                     per core the issuer may spend on it)
 * @param lease        how long a worker holds an invoice before another worker (or process) may take it
 *                     up; longer than rendering every format of one invoice takes
 * @param downloadWait how long a download waits for a rendition not made yet (0 to 30 s; 0 answers 202 at
 *                     once); it holds the request's thread meanwhile, never a database connection
 */
@ConfigurationProperties("fapiao.issuer.rendering")
public record RenderingProperties(
        @DefaultValue("2") int workers,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("2s") Duration downloadWait) {
    /** The longest {@code download-wait}: a request thread is not to be held longer. */
    public static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    public RenderingProperties {
        if (workers < 1) {
            throw new IllegalArgumentException("fapiao.issuer.rendering.workers must be at least 1, not " + workers);
        }
        if (downloadWait.isNegative() || downloadWait.compareTo(LONGEST_WAIT) > 0) {
            throw new IllegalArgumentException(
                    "fapiao.issuer.rendering.download-wait must be between 0 and 30s, not " + downloadWait);
        }
    }
}
