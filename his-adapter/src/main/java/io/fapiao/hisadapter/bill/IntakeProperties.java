package io.fapiao.hisadapter.bill;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How strictly the adapter judges a bill's issue time and how fresh its copy of the ledger's submitter
 * registry is, under {@code fapiao.his.intake}. A bill that the ledger or the finance verifier would
 * refuse for a reason known at intake is refused there ({@link BillAdmission}); these two settings are
 * what that judgement needs beyond the bill itself.
 *
 * <pre>{@code
 * fapiao.his.intake.clock-skew=5m
 * fapiao.his.intake.registry-refresh=1m
 * }</pre>
 *
 * @param clockSkew       how far ahead of this adapter's clock a bill's {@code issuedAt} may be: the HIS's
 *                        clock may run a little fast. Later than that is {@code ISSUED_IN_FUTURE}. Keep it
 *                        no larger than the verifier's {@code fapiao.verifier.clock-skew} (also 5m by
 *                        default), which judges the same against the bill's submission to the ledger, or
 *                        bills admitted here are rejected there
 * @param registryRefresh how often the submitters' registry records are read again from the ledger; a
 *                        renamed, suspended or re-qualified submitter is judged by its new record at the
 *                        latest this long after the change
 */
@ConfigurationProperties("fapiao.his.intake")
public record IntakeProperties(
        @DefaultValue("5m") Duration clockSkew,
        @DefaultValue("1m") Duration registryRefresh) {

    public IntakeProperties {
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("fapiao.his.intake.clock-skew must not be negative, not " + clockSkew);
        }
        if (registryRefresh.isNegative() || registryRefresh.isZero()) {
            throw new IllegalArgumentException(
                    "fapiao.his.intake.registry-refresh must be positive, not " + registryRefresh);
        }
    }
}
