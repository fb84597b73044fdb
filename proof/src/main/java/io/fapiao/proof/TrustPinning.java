package io.fapiao.proof;

import java.util.List;

/**
 * The trust check, {@code trust.pinned}: every CA certificate of the bundle is one the verifier was
 * given as trusted; without pinned certificates, a NOTE that the verdict rests on the bundle's own.
 *
 * <pre>{@code
 * new TrustPinning(pinning, report.trustAnchors()).check(checks);
 * }</pre>
 */
record TrustPinning(boolean pinning, List<TrustAnchor> anchors) {

    TrustPinning {
        anchors = List.copyOf(anchors);
    }

    void check(Checks checks) {
        if (!pinning) {
            checks.note(
                    "trust.pinned",
                    "no trusted certificates given: the verdict holds for the CA certificates the "
                            + "bundle brings; compare their fingerprints with ones obtained out of band, or pin them");
            return;
        }
        List<String> unpinned = anchors.stream()
                .filter(a -> !a.pinned())
                .map(a -> a.mspId() + " " + a.sha256())
                .toList();
        checks.check(
                unpinned.isEmpty(),
                "trust.pinned",
                "every CA certificate of the bundle is pinned",
                "CA certificates not among the trusted ones: " + unpinned);
    }
}
