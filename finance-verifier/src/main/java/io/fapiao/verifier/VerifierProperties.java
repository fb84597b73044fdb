package io.fapiao.verifier;

import io.fapiao.service.identity.KeyProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the finance verifier trusts and how it re-checks bills, under {@code fapiao.verifier}. Its
 * ledger identity ({@code fapiao.identity}, FinanceOrgMSP's verifier) also opens INTL bills; GM bills
 * are opened with the SM2 key named by {@code gm-identity}.
 *
 * <pre>{@code
 * fapiao.verifier.trust.ca-certificates=crypto/peerOrganizations/hospital.fapiao.local/msp/cacerts,gm/ca.pem
 * fapiao.verifier.trust.crls=crypto/peerOrganizations/hospital.fapiao.local/msp/crls
 * fapiao.verifier.gm-identity.certificate=gm/finance/cert.pem
 * fapiao.verifier.gm-identity.private-key=gm/finance/key.pem
 * fapiao.verifier.duplicates.window=72h
 * fapiao.verifier.workers=8
 * fapiao.verifier.clock-skew=5m
 * }</pre>
 *
 * @param trust      the authorities whose certificates may sign bills, and their revocation lists
 * @param gmIdentity the SM2 key that opens GM bills (same shape as {@code fapiao.identity}); unset
 *                   when the bureau receives no GM bills
 * @param duplicates how bills billed twice across hospitals are found
 * @param workers    how many bills are verified at the same time (each waits for its own
 *                   RecordVerification to commit, so more workers than cores pays)
 * @param lease      how long a worker holds a bill before another worker (or process) may take it up;
 *                   longer than a verification can take, ledger timeouts included
 * @param clockSkew  how much later than its submission to the ledger an envelope may be dated before it
 *                   is rejected as ISSUED_IN_FUTURE: the submitter's clock may run ahead of the ledger's.
 *                   The his-adapter refuses such bills at intake by its own {@code fapiao.his.intake.clock-skew},
 *                   which must not exceed this one
 */
@ConfigurationProperties("fapiao.verifier")
public record VerifierProperties(
        @DefaultValue Trust trust,
        KeyProperties gmIdentity,
        @DefaultValue Duplicates duplicates,
        @DefaultValue("8") int workers,
        @DefaultValue("5m") Duration lease,
        @DefaultValue("5m") Duration clockSkew) {

    public VerifierProperties {
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("fapiao.verifier.clock-skew must not be negative, not " + clockSkew);
        }
    }

    /**
     * @param caCertificates PEM files, or folders of them (an MSP's {@code cacerts/}), of the CAs that
     *                       issue the certificates bills are signed with
     * @param crls           PEM or DER revocation lists, or folders of them (an MSP's {@code crls/}); a
     *                       folder that does not exist yet is watched until it does. Read again when a
     *                       file changes.
     * @param allowStaleCrls use a list past its {@code nextUpdate}, with a warning, instead of holding
     *                       verdicts back until a current one is there
     */
    public record Trust(
            @DefaultValue List<Path> caCertificates,
            @DefaultValue List<Path> crls,
            boolean allowStaleCrls) {}

    /**
     * @param window       how far apart two issue times may be for their bills to count as the same
     * @param action       FLAG: accept with the reason code DUPLICATE_SUSPECTED; REJECT: reject with it
     * @param payerKeyFile the secret key of the payer-ID hash; generated on first start when missing;
     *                     unset: {@code payer-hash.key} in {@code fapiao.data-dir}
     */
    public record Duplicates(
            @DefaultValue("72h") Duration window,
            @DefaultValue("FLAG") DuplicateAction action,
            Path payerKeyFile) {}

    /** What a suspected duplicate does to the verdict. */
    public enum DuplicateAction {
        FLAG,
        REJECT
    }
}
