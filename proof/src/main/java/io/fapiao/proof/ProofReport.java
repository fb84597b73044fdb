package io.fapiao.proof;

import java.util.List;
import java.util.Optional;

/**
 * What {@link ProofVerifier} found: every check in the order made, and the trust anchors. A bundle is
 * verified when no check failed.
 *
 * <pre>{@code
 * ProofReport report = verifier.verify(json);
 * if (!report.verified()) {
 *     System.err.println("FAILED " + report.firstFailure().orElseThrow());
 * }
 * }</pre>
 */
public record ProofReport(List<ProofCheck> checks, List<TrustAnchor> trustAnchors) {

    public ProofReport {
        checks = List.copyOf(checks);
        trustAnchors = List.copyOf(trustAnchors);
    }

    /** True when at least one check ran and none failed. */
    public boolean verified() {
        return !checks.isEmpty() && failures().isEmpty();
    }

    public List<ProofCheck> failures() {
        return checks.stream()
                .filter(c -> c.outcome() == ProofCheck.Outcome.FAIL)
                .toList();
    }

    public Optional<ProofCheck> firstFailure() {
        return failures().stream().findFirst();
    }
}
