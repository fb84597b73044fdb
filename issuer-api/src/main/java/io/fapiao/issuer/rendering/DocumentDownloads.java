package io.fapiao.issuer.rendering;

import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.StoredDocument;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What a download of an issued invoice's rendition gets: the stored {@link Rendition}; or, when it is
 * not made yet, the same after a short wait ({@code fapiao.issuer.rendering.download-wait}), else
 * {@link Pending} (the REST layer answers 202 with {@code Retry-After}); or {@link Unavailable} when
 * this issuer does not make that format for this invoice (an OFD e-seal needs the SM2 key of a GM
 * invoice). Asking for a rendition that is missing queues its invoice again, so a format added after
 * an invoice was rendered, or a rendition lost, is made on the first download that wants it.
 *
 * <pre>{@code
 * switch (downloads.fetch(stored, DocumentFormat.PDF)) {
 *     case DocumentDownloads.Ready ready -> ok(ready.rendition());
 *     case DocumentDownloads.Pending pending -> accepted(pending.retryAfter());
 *     case DocumentDownloads.Unavailable none -> notAcceptable(none.available());
 * }
 * }</pre>
 */
@Component
public class DocumentDownloads {
    /** What a 202 asks the client to wait before it asks again. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final Renditions renditions;
    private final DocumentRendering rendering;
    private final Duration wait;

    DocumentDownloads(Renditions renditions, DocumentRendering rendering, RenderingProperties properties) {
        this.renditions = renditions;
        this.rendering = rendering;
        this.wait = properties.downloadWait();
    }

    /** The outcome of a download. */
    public sealed interface Download permits Ready, Pending, Unavailable {}

    /** The rendition, as stored. */
    public record Ready(Rendition rendition) implements Download {}

    /** Not rendered yet (it is queued): ask again after {@code retryAfter}. */
    public record Pending(Duration retryAfter) implements Download {}

    /** This format is not made for this invoice; {@code available} are the renditions that are (or will be). */
    public record Unavailable(Set<DocumentFormat> available) implements Download {
        public Unavailable {
            available = Set.copyOf(available);
        }
    }

    /** The renditions {@code document} has or will have: those stored and those this issuer renders it in. */
    public Set<DocumentFormat> available(StoredDocument document) {
        Set<DocumentFormat> available = EnumSet.noneOf(DocumentFormat.class);
        available.addAll(rendering.formats(document));
        available.addAll(renditions.formats(document.invoiceNumber()));
        return available;
    }

    /** The rendition of the issued invoice {@code document} in {@code format}. */
    public Download fetch(StoredDocument document, DocumentFormat format) {
        String number = document.invoiceNumber();
        Optional<Rendition> stored = renditions.find(number, format);
        if (stored.isPresent()) {
            return new Ready(stored.get());
        }
        Set<DocumentFormat> renderable = rendering.formats(document);
        if (!renderable.contains(format)) {
            return new Unavailable(available(document));
        }
        rendering.request(number);
        return renditions
                .await(number, format, wait)
                .<Download>map(Ready::new)
                .orElseGet(() -> new Pending(RETRY_AFTER));
    }
}
