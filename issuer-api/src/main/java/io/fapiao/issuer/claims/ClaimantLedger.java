package io.fapiao.issuer.claims;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
import io.fapiao.service.ledger.LedgerProperties;
import io.fapiao.service.problem.RequestRefused;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The ledger as the claimant identity sees it: a second connection, signed with the claimant's key,
 * to the same gateway, channel and contract as the service's own. Absent when no claimant identity is
 * configured; claims are then refused with {@code 503 CLAIMS_NOT_CONFIGURED}.
 *
 * <pre>{@code
 * Recorded<Claim> claim = claimantLedger.require().claimInvoice(number, "POLICY-7781", "reimbursement");
 * }</pre>
 */
@Component
public class ClaimantLedger implements AutoCloseable {
    private final Ledger ledger;
    private final FapiaoLedger fapiao;

    public ClaimantLedger(ClaimantIdentityProperties identity, LedgerProperties ledgerProperties)
            throws KeyUnavailable, IOException {
        if (!identity.configured()) {
            this.ledger = null;
            this.fapiao = null;
            return;
        }
        KeyMaterial key = KeyMaterial.load(identity.keyProperties());
        LedgerProperties own = identity.mspId() == null || identity.mspId().isBlank()
                ? ledgerProperties
                : ledgerProperties.withMspId(identity.mspId());
        this.ledger = Ledger.connect(own.settings(key.source()), key.certificate(), key.gatewaySigner());
        this.fapiao = new FapiaoLedger(ledger);
    }

    /** The claimant's typed ledger, if configured. */
    public Optional<FapiaoLedger> ledger() {
        return Optional.ofNullable(fapiao);
    }

    /**
     * The claimant's typed ledger.
     *
     * @throws RequestRefused 503 {@code CLAIMS_NOT_CONFIGURED} when no claimant identity is configured
     */
    public FapiaoLedger require() {
        if (fapiao == null) {
            throw new RequestRefused(
                    RequestRefused.Kind.UNAVAILABLE,
                    "CLAIMS_NOT_CONFIGURED",
                    "this issuer API has no "
                            + "claimant identity (fapiao.issuer.claimant-identity.*), so it cannot claim invoices");
        }
        return fapiao;
    }

    @Override
    public void close() {
        if (ledger != null) {
            ledger.close();
        }
    }
}
