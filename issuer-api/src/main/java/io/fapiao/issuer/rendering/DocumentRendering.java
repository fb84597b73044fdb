package io.fapiao.issuer.rendering;

import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.InvoiceRenderer;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.issuance.IssuanceException;
import io.fapiao.issuer.issuance.IssuerKeys;
import io.fapiao.issuer.numbering.UsedNumberListener;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Signer;
import io.fapiao.service.work.WorkItem;
import io.fapiao.service.work.WorkQueue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Makes the renditions of issued invoices off the issuance path. Once the ledger recorded an invoice
 * (its number marked {@code USED}, in that very transaction: {@link UsedNumberListener}), the invoice
 * has an item in the durable work queue {@value #QUEUE}; the rendering workers ({@link
 * RenderingConfiguration}) {@link #render render} it in every format whose {@link InvoiceRenderer} can
 * seal with the issuer's document key of the invoice's suite ({@link IssuerKeys#documentSigner}), from
 * the stored signed JSON record, and store each rendition once ({@link Renditions}). An item run again
 * (a crash between two formats, an expired lease, an invoice marked used again by a reconciliation)
 * renders only what is missing; renderers are deterministic, so a rendition made again carries the
 * same record, whose hash is the ledger's.
 *
 * <pre>{@code
 * new WorkerPool(DocumentRendering.QUEUE, rendering.queue(), instance, 2, rendering::renderQueued);
 * List<DocumentFormat> made = rendering.render("44010126-0000000001");   // [PDF, OFD], then [] when run again
 * }</pre>
 */
@Component
public class DocumentRendering implements UsedNumberListener {
    /** The work queue's name in {@code work_item}; the workers hold its leases as {@code rendering@<instance id>}. */
    public static final String QUEUE = "rendering";

    private static final Logger LOG = LoggerFactory.getLogger(DocumentRendering.class);

    private final Documents documents;
    private final Renditions renditions;
    private final IssuerKeys keys;
    private final List<InvoiceRenderer> renderers;
    private final WorkQueue queue;

    DocumentRendering(
            JdbcTemplate jdbc,
            Documents documents,
            Renditions renditions,
            IssuerKeys keys,
            List<InvoiceRenderer> renderers,
            RenderingProperties properties) {
        this.documents = documents;
        this.renditions = renditions;
        this.keys = keys;
        Set<DocumentFormat> seen = EnumSet.noneOf(DocumentFormat.class);
        for (InvoiceRenderer renderer : renderers) {
            if (!seen.add(renderer.format())) {
                // Two renderers of one format would make two different documents for one invoice.
                throw new IllegalStateException("two InvoiceRenderer beans write " + renderer.format() + ": "
                        + renderers.stream()
                                .filter(r -> r.format() == renderer.format())
                                .map(r -> r.getClass().getName())
                                .toList());
            }
        }
        this.renderers = renderers.stream()
                .sorted(Comparator.comparing(InvoiceRenderer::format))
                .toList();
        this.queue = new WorkQueue(jdbc, QUEUE, properties.lease());
    }

    /** The work queue the rendering workers claim from: one item per issued invoice still to render. */
    public WorkQueue queue() {
        return queue;
    }

    /** Queues the renditions of an invoice the ledger just recorded, in the transaction that marks its number used. */
    @Override
    public void used(String invoiceNumber) {
        queue.add(invoiceNumber, null, null);
    }

    /**
     * Queues the renditions of an issued invoice that has none in a format a download asked for (its item
     * was done before a renderer was added, or the renditions were lost); nothing when it is queued already.
     */
    public void request(String invoiceNumber) {
        try {
            queue.add(invoiceNumber, null, null);
        } catch (DuplicateKeyException e) {
            // Another download, or the issuance, queued it at the same moment: queued either way.
        }
    }

    /**
     * The formats this issuer renders {@code document} in: those whose renderer can seal with the
     * document key of its suite; none when that key is not configured.
     */
    public Set<DocumentFormat> formats(StoredDocument document) {
        Set<DocumentFormat> formats = EnumSet.noneOf(DocumentFormat.class);
        try {
            Signer sealer = sealer(SignedInvoiceDocument.verify(document.signedJson()));
            renderers.stream().filter(r -> r.canSeal(sealer)).forEach(r -> formats.add(r.format()));
        } catch (ProtocolException | IssuanceException e) {
            LOG.warn("the document of {} cannot be rendered: {}", document.invoiceNumber(), e.getMessage());
        }
        return formats;
    }

    /** The worker's handler: renders the queued invoice; throws when it must be tried again later. */
    public void renderQueued(WorkItem item) throws IOException, IssuanceException, InterruptedException {
        render(item.key());
    }

    /**
     * Renders the issued invoice {@code invoiceNumber} in every format it can be made in and is not
     * stored in yet, and stores each as soon as it is made.
     *
     * @return the formats rendered and stored by this call (empty when every one was there)
     * @throws IssuanceException ISSUER_KEY_MISSING when the document key of the invoice's suite is not
     *     configured (the item waits for the operator to configure it)
     * @throws IOException when a renderer fails (tried again later)
     * @throws InterruptedException when the worker is stopped; nothing more is written
     */
    public List<DocumentFormat> render(String invoiceNumber)
            throws IOException, IssuanceException, InterruptedException {
        Optional<StoredDocument> stored = documents.issued(invoiceNumber);
        if (stored.isEmpty()) {
            // Only an issued invoice is queued; its record lost since is made again by a reconciliation, which
            // marks the number used again and so queues it again.
            LOG.warn(
                    "invoice {} has no stored document to render (not issued here, or its record was lost)",
                    invoiceNumber);
            return List.of();
        }
        SignedInvoiceDocument document;
        try {
            document = SignedInvoiceDocument.verify(stored.get().signedJson());
        } catch (ProtocolException e) {
            LOG.error("the stored document of {} does not verify ({}): it is not rendered", invoiceNumber, e.code());
            return List.of();
        }
        Set<DocumentFormat> present = renditions.formats(invoiceNumber);
        Signer sealer = sealer(document);
        List<DocumentFormat> made = new ArrayList<>();
        for (InvoiceRenderer renderer : renderers) {
            if (present.contains(renderer.format()) || !renderer.canSeal(sealer)) {
                continue;
            }
            byte[] rendition = renderer.render(document, sealer);
            if (Thread.currentThread().isInterrupted()) {
                // The pool is stopping: the database may be closing under this thread. The next start renders it.
                throw new InterruptedException(
                        "stopped before storing the " + renderer.format() + " of " + invoiceNumber);
            }
            if (renditions.store(invoiceNumber, renderer.format(), rendition)) {
                made.add(renderer.format());
            }
        }
        if (!made.isEmpty()) {
            LOG.debug("invoice {} rendered as {}", invoiceNumber, made);
        }
        return List.copyOf(made);
    }

    private Signer sealer(SignedInvoiceDocument document) throws IssuanceException {
        return keys.documentSigner(
                CryptoSuite.valueOf(document.content().source().suite()));
    }
}
