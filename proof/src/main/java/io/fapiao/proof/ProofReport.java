package io.fapiao.proof;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ProofVerifier} found: every check in the order made, the trust anchors, and the
 * document hashes the bundle's ledger records hold (by kind: {@code invoice}, {@code reversal}), which
 * a document held apart from the bundle is checked against. A bundle is verified when no check failed.
 *
 * <pre>{@code
 * ProofReport report = verifier.verify(json);
 * if (!report.verified()) {
 *     System.err.println("FAILED " + report.firstFailure().orElseThrow());
 * }
 * }</pre>
 */
public record ProofReport(
        List<ProofCheck> checks, List<TrustAnchor> trustAnchors, Map<String, String> recordedDocuments) {

    public ProofReport {
        checks = List.copyOf(checks);
        trustAnchors = List.copyOf(trustAnchors);
        recordedDocuments = Map.copyOf(recordedDocuments);
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
