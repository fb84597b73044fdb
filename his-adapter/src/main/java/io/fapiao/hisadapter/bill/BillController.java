package io.fapiao.hisadapter.bill;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.service.problem.ApiProblem;
import io.fapiao.service.security.ServiceClient;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The hospital's bill API: push a bill, ask where it stands. See docs/api.md, section his-adapter.
 *
 * <pre>
 * POST /v1/bills            (Idempotency-Key: ...)  → 202 {billKey, status, statusUrl}
 * GET  /v1/bills/{billKey}                           → 200 {billKey, status, transitions: [...]}
 * </pre>
 */
@RestController
@RequestMapping("/v1/bills")
public class BillController {
    private final BillIntake intake;
    private final BillQueries queries;

    public BillController(BillIntake intake, BillQueries queries) {
        this.intake = intake;
        this.queries = queries;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<BillReceipt> receive(
            @AuthenticationPrincipal ServiceClient client,
            @RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws ProtocolException {
        BillIntake.Received received = intake.receive(body, idempotencyKey, client::actsFor);
        URI statusUrl = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/v1/bills/{billKey}")
                .buildAndExpand(received.billKey())
                .toUri();
        return ResponseEntity.accepted()
                .location(statusUrl)
                .body(new BillReceipt(received.billKey(), received.status(), statusUrl.toString()));
    }

    @GetMapping(path = "/{billKey}", produces = MediaType.APPLICATION_JSON_VALUE)
    BillStatusView status(@AuthenticationPrincipal ServiceClient client, @PathVariable String billKey) {
        // Another hospital's bill is answered as one never received: its existence is not the caller's to learn.
        return queries.status(billKey)
                .filter(bill -> client.actsFor(submitterOf(billKey)))
                .orElseThrow(() -> new ApiProblem(
                                HttpStatus.NOT_FOUND,
                                "NOT_FOUND",
                                "no bill " + billKey
                                        + " was received by this adapter; the key is <issuerId>:<billId> as answered "
                                        + "by POST /v1/bills")
                        .with("billKey", billKey));
    }

    private static String submitterOf(String billKey) {
        int colon = billKey.indexOf(':');
        return colon < 0 ? null : billKey.substring(0, colon);
    }

    /**
     * The answer to an accepted bill.
     *
     * @param billKey   {@code <uscc>:<billId>}
     * @param status    RECEIVED for a new bill; the current status for a retry
     * @param statusUrl where to follow it
     */
    public record BillReceipt(String billKey, BillStatus status, String statusUrl) {}
}
