package io.fapiao.verifier.verification;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.seal.SealedBill;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether an envelope's issue time is one its submission and its signer's certificate allow. The
 * opener checks the signer's certificate at the issue time, so without this a bill dated 2099 would be
 * rejected as {@code CERTIFICATE_INVALID}, which names the certificate when the date is at fault:
 * <ul>
 *   <li>issued later than its submission by more than the clock skew: {@link ReasonCodes#ISSUED_IN_FUTURE},
 *       checked before the envelope is opened, and the only code such a bill gets;</li>
 *   <li>signed with a certificate that a trusted authority issued and that was valid when the bill was
 *       submitted, but not at the bill's issue time (a backdated bill, a certificate renewed since):
 *       {@link ReasonCodes#ISSUED_OUTSIDE_CERTIFICATE_VALIDITY} instead of {@code CERTIFICATE_INVALID}.</li>
 * </ul>
 * Both are judged against the time the ledger recorded the submission, never the verifier's own
 * clock, so a verdict does not depend on how late the verifier got to the bill. Both need an authentic
 * header (its digest and signature verify under the certificate it carries, as the contract checked at
 * SubmitBill): anything else is left to the opener, whose code then names the real cause.
 *
 * <pre>{@code
 * IssueTime issueTime = new IssueTime(Duration.ofMinutes(5), CertificateTrust.of(authorities));
 * Optional<String> future = issueTime.inFuture(sealed, submittedAt);
 * }</pre>
 */
final class IssueTime {
    private final Duration clockSkew;
    private final CertificateTrust trust;

    IssueTime(Duration clockSkew, CertificateTrust trust) {
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** Why {@code sealed} cannot have been issued when it says, submitted at {@code submittedAt}; empty when it can. */
    Optional<String> inFuture(SealedBill sealed, Instant submittedAt) {
        Optional<Instant> issued = issuedAt(sealed);
        if (issued.isEmpty()
                || !issued.get().isAfter(submittedAt.plus(clockSkew))
                || authenticSigner(sealed).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the envelope is dated " + sealed.header().issuedAt() + ", later than its submission to the "
                + "ledger at " + submittedAt + " by more than the allowed clock skew of " + clockSkew
                + " (fapiao.verifier.clock-skew)");
    }

    /**
     * When the opener found the signer's certificate invalid only because of the issue time: the
     * authentic signer and why; empty when the certificate itself is at fault (untrusted, or not valid
     * at the submission either) or the header is not authentic.
     */
    Optional<OutsideValidity> outsideSignerValidity(SealedBill sealed, Instant submittedAt) {
        Optional<Instant> issued = issuedAt(sealed);
        Optional<X509Certificate> signer = authenticSigner(sealed);
        if (issued.isEmpty() || signer.isEmpty()) {
            return Optional.empty();
        }
        try {
            trust.check(signer.get(), submittedAt);
        } catch (ProtocolException e) {
            return Optional.empty();
        }
        try {
            trust.check(signer.get(), issued.get());
            return Optional.empty();
        } catch (ProtocolException e) {
            return Optional.of(new OutsideValidity(
                    signer.get(),
                    "the envelope is dated " + sealed.header().issuedAt()
                            + ", outside the validity of the certificate it is signed with: " + e.getMessage()));
        }
    }

    private static Optional<Instant> issuedAt(SealedBill sealed) {
        String issuedAt = sealed.header().issuedAt();
        if (issuedAt == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(issuedAt).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // the opener reports it as MALFORMED
        }
    }

    private static Optional<X509Certificate> authenticSigner(SealedBill sealed) {
        try {
            return Optional.of(sealed.checkSignature());
        } catch (ProtocolException e) {
            return Optional.empty();
        }
    }

    /**
     * A signer whose certificate is sound but was not valid at the issue time.
     *
     * @param signer the authentic signer's certificate
     * @param detail what is wrong, for a person
     */
    record OutsideValidity(X509Certificate signer, String detail) {}
}
