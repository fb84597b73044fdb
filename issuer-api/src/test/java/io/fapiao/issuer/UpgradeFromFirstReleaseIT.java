package io.fapiao.issuer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.SignedInvoiceDocument;
import io.fapiao.issuer.issuance.IssuanceConfiguration;
import io.fapiao.issuer.rendering.Rendition;
import io.fapiao.issuer.rendering.Renditions;
import io.fapiao.service.testing.TestDatabases;
import io.fapiao.service.testing.WorkQueueUpgradeTests;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An issuer database of the first release (its own {@code V23__work_item.sql} created {@code work_item},
 * now defined once in the common {@code V30__work_item.sql}): unchanged history, verified bills waiting
 * for issuance still claimed after the upgrade, and the PDFs it rendered on the issuance path (in
 * {@code invoice_document}) served as before from {@code invoice_rendition} (V32).
 */
class UpgradeFromFirstReleaseIT extends WorkQueueUpgradeTests {
    UpgradeFromFirstReleaseIT() {
        super(
                "issuer-api",
                "23",
                Map.of(
                        "1",
                        1735079189,
                        "10",
                        -660352785,
                        "11",
                        2146438240,
                        "12",
                        -1368964705,
                        "20",
                        650555859,
                        "21",
                        246721624,
                        "22",
                        -1694532893,
                        "23",
                        537424869),
                IssuanceConfiguration.QUEUE);
    }

    static Stream<String> documentDatabases() {
        return TestDatabases.postgresConfigured() ? Stream.of("h2", "postgres") : Stream.of("h2");
    }

    @ParameterizedTest
    @MethodSource("documentDatabases")
    void aPdfRenderedByTheFirstReleaseIsServedAsBeforeAfterTheUpgrade(String database) {
        DriverManagerDataSource dataSource = dataSource(database, "documents");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        flyway(dataSource, firstRelease).migrate();
        // As the first release stored an invoice: the signed JSON and its PDF in one row.
        String number = "FP01-2026-00000007";
        byte[] json = "{\"format\":\"fapiao.invoice-document.v1\"}".getBytes(StandardCharsets.UTF_8);
        byte[] pdf = "%PDF-1.7 rendered on the issuance path".getBytes(StandardCharsets.US_ASCII);
        OffsetDateTime storedAt = OffsetDateTime.parse("2026-03-15T01:30:00Z");
        jdbc.update(
                "insert into invoice_document (invoice_number, document_hash, signed_json, pdf, pdf_sha256, created_at) "
                        + "values (?, ?, ?, ?, ?, ?)",
                number,
                SignedInvoiceDocument.sha256Hex(json),
                json,
                pdf,
                SignedInvoiceDocument.sha256Hex(pdf),
                storedAt);

        flyway(dataSource, "latest").migrate();

        // The download reads renditions: the old PDF is there, byte for byte, with its hash (the ETag it had).
        Renditions renditions = new Renditions(jdbc);
        Rendition moved = renditions.find(number, DocumentFormat.PDF).orElseThrow();
        assertThat(moved.content()).isEqualTo(pdf);
        assertThat(moved.sha256()).isEqualTo(SignedInvoiceDocument.sha256Hex(pdf));
        assertThat(moved.renderedAt()).isEqualTo(storedAt.toInstant());
        assertThat(renditions.formats(number)).containsExactly(DocumentFormat.PDF);
        // The record itself is untouched; its row keeps no PDF any more, and new rows need none.
        assertThat(jdbc.queryForObject(
                        "select signed_json from invoice_document where invoice_number = ?", byte[].class, number))
                .isEqualTo(json);
        assertThat(jdbc.queryForObject("select count(*) from invoice_document where pdf is not null", Integer.class))
                .isZero();
        jdbc.update(
                "insert into invoice_document (invoice_number, document_hash, signed_json, created_at) values (?, ?, ?, ?)",
                "FP01-2026-00000008",
                "ab".repeat(32),
                json,
                storedAt);
        assertThat(renditions.formats("FP01-2026-00000008")).isEmpty();
        // Written once: a second store of the same format keeps the first bytes.
        assertThat(renditions.store(number, DocumentFormat.PDF, "other".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(renditions.find(number, DocumentFormat.PDF).orElseThrow().content())
                .isEqualTo(pdf);
    }
}
