package io.fapiao.issuer.rendering;

import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The stored renditions of the invoice documents (table {@code invoice_rendition}), one per invoice
 * and format, written once ({@code on conflict do nothing}) and served as stored, so every download of
 * a format returns the same bytes. A download that finds none yet {@link #await waits} a little: this
 * process's workers wake it as they store one; another process's renditions are seen by looking again
 * every {@value #POLL_MILLIS} ms, each look a short query, so no database connection is held while
 * waiting.
 *
 * <pre>{@code
 * renditions.store(number, DocumentFormat.PDF, pdfBytes);                         // a rendering worker
 * Optional<Rendition> pdf = renditions.await(number, DocumentFormat.PDF, Duration.ofSeconds(2));  // a download
 * }</pre>
 */
@Component
public class Renditions {
    static final long POLL_MILLIS = 200;
    private static final String COLUMNS = "invoice_number, format, content, sha256, rendered_at";

    private final JdbcTemplate jdbc;
    /** Per invoice number, the signal its waiting downloads wait on; counted down (and removed) by a store. */
    private final ConcurrentHashMap<String, CountDownLatch> stored = new ConcurrentHashMap<>();

    public Renditions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored rendition of {@code invoiceNumber} in {@code format}. */
    public Optional<Rendition> find(String invoiceNumber, DocumentFormat format) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from invoice_rendition where invoice_number = ? and format = ?",
                        Renditions::row,
                        invoiceNumber,
                        format.name())
                .stream()
                .findFirst();
    }

    /** The formats stored for {@code invoiceNumber}. */
    public Set<DocumentFormat> formats(String invoiceNumber) {
        Set<DocumentFormat> formats = EnumSet.noneOf(DocumentFormat.class);
        jdbc.queryForList("select format from invoice_rendition where invoice_number = ?", String.class, invoiceNumber)
                .forEach(name -> formats.add(DocumentFormat.valueOf(name)));
        return formats;
    }

    /**
     * Stores {@code content} as the rendition of {@code invoiceNumber} in {@code format} unless one is
     * stored already (a rendition is written once; renderings are deterministic, so a second one would
     * have the same bytes anyway), and wakes the downloads waiting for it in this process.
     *
     * @return whether this call stored it
     */
    public boolean store(String invoiceNumber, DocumentFormat format, byte[] content) {
        int inserted = jdbc.update(
                "insert into invoice_rendition (" + COLUMNS + ") values (?, ?, ?, ?, ?) on conflict do nothing",
                invoiceNumber,
                format.name(),
                content,
                SignedInvoiceDocument.sha256Hex(content),
                OffsetDateTime.now(ZoneOffset.UTC));
        CountDownLatch waiting = stored.remove(invoiceNumber);
        if (waiting != null) {
            waiting.countDown();
        }
        return inserted == 1;
    }

    /**
     * The rendition of {@code invoiceNumber} in {@code format}, waiting up to {@code wait} for it to be
     * stored; empty when it is not stored by then (or the thread is interrupted, whose flag is kept).
     */
    public Optional<Rendition> await(String invoiceNumber, DocumentFormat format, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            // The signal is taken before looking, so a store between the look and the wait is not missed.
            CountDownLatch signal = stored.computeIfAbsent(invoiceNumber, number -> new CountDownLatch(1));
            Optional<Rendition> found = find(invoiceNumber, format);
            long left = deadline - System.nanoTime();
            if (found.isPresent() || left <= 0) {
                // Another download waiting on the same signal then looks again at its next poll.
                stored.remove(invoiceNumber, signal);
                return found;
            }
            try {
                signal.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stored.remove(invoiceNumber, signal);
                return Optional.empty();
            }
        }
    }

    private static Rendition row(ResultSet rs, int n) throws SQLException {
        return new Rendition(
                rs.getString(1),
                DocumentFormat.valueOf(rs.getString(2)),
                rs.getBytes(3),
                rs.getString(4),
                rs.getObject(5, OffsetDateTime.class).toInstant());
    }
}
