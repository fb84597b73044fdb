package io.fapiao.hisadapter.bill;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads bills' status and history for the status endpoint.
 *
 * <pre>{@code
 * Optional<BillStatusView> view = queries.status("91110108MA01ABCD2X:MZ0001");
 * }</pre>
 */
@Component
public class BillQueries {
    private final JdbcTemplate jdbc;

    public BillQueries(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    }

    /**
     * The bill's status and transitions, or empty when this adapter never received it. The two are read
     * in two statements while workers may commit between them, so the bill row is read first and only
     * the transitions it counts ({@code seq < next_seq}, moved in the same transaction as the status)
     * are listed: a status never shows without its transition (a SUBMITTED bill whose history ends at
     * QUEUED), nor a transition after the status.
     */
    public Optional<BillStatusView> status(String billKey) {
        record Row(BillStatusView withoutTransitions, int nextSeq) {}
        Optional<Row> row = jdbc
                .query(
                        "select bill_key, status, suite, received_at, attempts, last_error, tx_id, "
                                + "block_number, invoice_number, next_seq from his_bill where bill_key = ?",
                        (rs, n) -> new Row(
                                new BillStatusView(
                                        rs.getString(1),
                                        BillStatus.valueOf(rs.getString(2)),
                                        rs.getString(3),
                                        rs.getString(4),
                                        rs.getInt(5),
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getObject(8, Long.class),
                                        rs.getString(9),
                                        List.of()),
                                rs.getInt(10)),
                        billKey)
                .stream()
                .findFirst();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        List<Transition> transitions = jdbc.query(
                "select status, at, tx_id, block_number, reason_codes, "
                        + "invoice_number, red_invoice_number, error_code from his_bill_transition where bill_key = ? "
                        + "and seq < ? order by seq",
                (rs, n) -> new Transition(
                        BillStatus.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, Long.class),
                        codes(rs.getString(5)),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getString(8)),
                billKey,
                row.get().nextSeq());
        BillStatusView view = row.get().withoutTransitions();
        return Optional.of(new BillStatusView(
                view.billKey(),
                view.status(),
                view.suite(),
                view.receivedAt(),
                view.attempts(),
                view.lastError(),
                view.transactionId(),
                view.blockNumber(),
                view.invoiceNumber(),
                transitions));
    }

    private static List<String> codes(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Arrays.asList(Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), String[].class));
        } catch (ProtocolException e) {
            throw new IllegalStateException("reason codes in his_bill_transition are not a JSON array", e);
        }
    }
}
