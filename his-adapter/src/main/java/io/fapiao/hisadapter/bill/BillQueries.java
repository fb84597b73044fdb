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

    /** The bill's status and transitions, or empty when this adapter never received it. */
    public Optional<BillStatusView> status(String billKey) {
        List<Transition> transitions = jdbc.query("select status, at, tx_id, block_number, reason_codes, "
                        + "invoice_number, red_invoice_number, error_code from his_bill_transition where bill_key = ? "
                        + "order by seq",
                (rs, n) -> new Transition(BillStatus.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4, Long.class), codes(rs.getString(5)), rs.getString(6), rs.getString(7),
                        rs.getString(8)),
                billKey);
        return jdbc.query("select bill_key, status, suite, received_at, attempts, last_error, tx_id, block_number, "
                        + "invoice_number from his_bill where bill_key = ?",
                (rs, n) -> new BillStatusView(rs.getString(1), BillStatus.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7),
                        (Long) rs.getObject(8, Long.class), rs.getString(9), transitions),
                billKey).stream().findFirst();
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
