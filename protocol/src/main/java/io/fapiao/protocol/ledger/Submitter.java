package io.fapiao.protocol.ledger;

import java.time.Instant;
import java.util.List;

/**
 * A qualified submitter in the on-ledger registry: a hospital or enterprise identified by its unified
 * social credit code, bound to the MSP whose identities may submit under it, qualified between
 * {@code validFrom} (inclusive) and {@code validTo} (exclusive) while {@code active}.
 *
 * <pre>{@code
 * boolean ok = submitter.qualifiedAt(ledger.now());
 * }</pre>
 *
 * @param uscc             the unified social credit code
 * @param name             the registered name
 * @param mspId            the MSP whose identities submit under this USCC
 * @param validFrom        start of qualification, ISO-8601 instant
 * @param validTo          end of qualification (exclusive), ISO-8601 instant
 * @param status           active or suspended
 * @param statusReason     why the status was last set, for people
 * @param sealCertificates registered seal certificates besides the caller's own
 * @param written          who wrote this version
 */
public record Submitter(
        String uscc,
        String name,
        String mspId,
        String validFrom,
        String validTo,
        SubmitterStatus status,
        String statusReason,
        List<SealCertificate> sealCertificates,
        Provenance written) {

    public Submitter {
        sealCertificates = List.copyOf(sealCertificates);
    }

    public boolean qualifiedAt(Instant time) {
        return status == SubmitterStatus.ACTIVE
                && !time.isBefore(Instant.parse(validFrom))
                && time.isBefore(Instant.parse(validTo));
    }
}
