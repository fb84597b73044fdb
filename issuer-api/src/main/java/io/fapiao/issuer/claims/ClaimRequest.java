package io.fapiao.issuer.claims;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /v1/invoices/{number}/claims}.
 *
 * <pre>{@code
 * {"claimantId": "POLICY-7781", "purpose": "outpatient reimbursement"}
 * }</pre>
 *
 * @param claimantId the claimant's own reference for the claim (policy, employee or case number)
 * @param purpose what the claim is for, for people
 */
public record ClaimRequest(
        @Schema(
                description = "policy, employee or case number",
                example = "POLICY-7781",
                pattern = "[A-Za-z0-9._:@/-]{1,64}")
        String claimantId,

        @Schema(description = "what the claim is for", example = "outpatient reimbursement", maxLength = 200)
        String purpose) {}
