package io.fapiao.proof;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks of one verification in the order made, and the trust anchors it found: each check
 * family appends to it, the orchestrator ({@link ProofVerifier}) turns it into the
 * {@link ProofReport}. The one mutable thing a verification has; the families' inputs are fixed when
 * they are made.
 *
 * <pre>{@code
 * Checks checks = new Checks();
 * checks.check(block.dataHashMatches(), "block[3].dataHash", "hashes match", "hashes differ");
 * if (checks.failed()) { ... }
 * }</pre>
 */
final class Checks {

    private final List<ProofCheck> made = new ArrayList<>();
    private final List<TrustAnchor> anchors = new ArrayList<>();
    private final Map<String, String> recordedDocuments = new HashMap<>();

    void pass(String name, String detail) {
        made.add(new ProofCheck(name, ProofCheck.Outcome.PASS, detail));
    }

    void fail(String name, String detail) {
        made.add(new ProofCheck(name, ProofCheck.Outcome.FAIL, detail));
    }

    void note(String name, String detail) {
        made.add(new ProofCheck(name, ProofCheck.Outcome.NOTE, detail));
    }

    /** PASS with {@code passed} or FAIL with {@code failed}; returns {@code ok}. */
    boolean check(boolean ok, String name, String passed, String failed) {
        if (ok) {
            pass(name, passed);
        } else {
            fail(name, failed);
        }
        return ok;
    }

    /** Whether any check so far failed. */
    boolean failed() {
        return made.stream().anyMatch(c -> c.outcome() == ProofCheck.Outcome.FAIL);
    }

    void anchor(TrustAnchor anchor) {
        anchors.add(anchor);
    }

    List<TrustAnchor> anchors() {
        return List.copyOf(anchors);
    }

    /** The hex SHA-256 a step's record holds for a document of {@code kind}; null hashes are left out. */
    void recordDocuments(Map<String, String> hashes) {
        hashes.forEach((kind, sha256) -> {
            if (kind != null && sha256 != null) {
                recordedDocuments.put(kind, sha256);
            }
        });
    }

    ProofReport report() {
        return new ProofReport(made, anchors, recordedDocuments);
    }
}
