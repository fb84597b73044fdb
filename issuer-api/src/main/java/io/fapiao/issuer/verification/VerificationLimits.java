package io.fapiao.issuer.verification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often one address may ask the public {@code GET /v1/verify}: enough for a person checking
 * invoices by hand or a reimbursement desk's scanner, too few to guess check codes.
 *
 * <pre>{@code
 * fapiao.issuer.verify.per-minute=60
 * fapiao.issuer.verify.burst=20
 * }</pre>
 *
 * @param perMinute requests per minute one address is refilled with
 * @param burst     requests one address may make at once
 * @param addresses addresses remembered at most (the least recently seen is forgotten first)
 */
@ConfigurationProperties("fapiao.issuer.verify")
public record VerificationLimits(
        @DefaultValue("60") int perMinute,
        @DefaultValue("20") int burst,
        @DefaultValue("100000") int addresses) {}
