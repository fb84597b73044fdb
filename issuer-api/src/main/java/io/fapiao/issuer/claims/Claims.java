package io.fapiao.issuer.claims;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.service.problem.RequestRefused;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Claims invoices on the ledger through the claimant identity. The ledger keeps one claim per
 * invoice: a second is refused with {@code 409 ALREADY_CLAIMED}, whose message names the first.
 *
 * <pre>{@code
 * ClaimView claim = claims.claim("HN01-2026-00000042", new ClaimRequest("POLICY-7781", "reimbursement"));
 * }</pre>
 */
@Service
public class Claims {
    private static final Logger LOG = LoggerFactory.getLogger(Claims.class);
    private static final Pattern CLAIMANT_ID = Pattern.compile("[A-Za-z0-9._:@/-]{1,64}");

    private final ClaimantLedger ledger;

    public Claims(ClaimantLedger ledger) {
        this.ledger = ledger;
    }

    /** Records the claim; see the class comment for the refusals. */
    public ClaimView claim(String invoiceNumber, ClaimRequest request) throws LedgerException {
        if (request == null
                || request.claimantId() == null
                || !CLAIMANT_ID.matcher(request.claimantId()).matches()) {
            throw new RequestRefused(
                    RequestRefused.Kind.UNACCEPTABLE,
                    "INVALID_CLAIM",
                    "claimantId must be 1 to 64 characters of letters, digits and . _ : @ / -");
        }
        if (request.purpose() == null
                || request.purpose().isBlank()
                || request.purpose().length() > 200) {
            throw new RequestRefused(
                    RequestRefused.Kind.UNACCEPTABLE, "INVALID_CLAIM", "purpose must be 1 to 200 characters");
        }
        Recorded<Claim> recorded =
                ledger.require().claimInvoice(invoiceNumber, request.claimantId(), request.purpose());
        Claim claim = recorded.value();
        LOG.info("invoice {} claimed, tx {}", invoiceNumber, recorded.transactionId());
        return new ClaimView(
                claim.invoiceNumber(),
                claim.claimantId(),
                claim.purpose(),
                claim.written().at(),
                claim.written().mspId(),
                recorded.transactionId(),
                recorded.blockNumber());
    }
}
