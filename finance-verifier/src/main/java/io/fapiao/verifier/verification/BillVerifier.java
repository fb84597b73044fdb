package io.fapiao.verifier.verification;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ErrorCode;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.RecipientKey;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.OpenedBill;
import io.fapiao.protocol.seal.OpenedInvoiceRequest;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import io.fapiao.service.trust.RevocationListUnavailable;
import io.fapiao.service.trust.RevocationLists.Revocation;
import io.fapiao.verifier.VerifierProperties;
import io.fapiao.verifier.trust.SignerTrust;
import io.fapiao.verifier.verdicts.RuleBreach;
import io.fapiao.verifier.verification.DuplicateIndex.BillPrint;
import io.fapiao.verifier.verification.OpeningKeys.OpeningKeyMissing;
import io.fapiao.verifier.verification.Verdict.Outcome;
import io.fapiao.verifier.verification.Verdict.PayloadKind;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Re-checks one submitted bill or invoice request from the ledger and says what the verdict should
 * be. In order:
 * <ol>
 *   <li>the issue time against the submission's time on the ledger ({@link IssueTime}): an envelope
 *       dated after its submission by more than the clock skew is rejected as ISSUED_IN_FUTURE alone,
 *       since every later check made at that date (the certificate's validity first) would name a
 *       consequence, not the cause;</li>
 *   <li>open the envelope with the bureau's key for its suite ({@link io.fapiao.protocol.seal.BillOpener}):
 *       header digest, signer certificate chained to a trusted CA and valid at the issue time,
 *       signature, recipient, decryption, payload digest, the payload's own rules (a bill: items sum
 *       to the total, the insurance split sums to the total, no negative amounts...; an invoice
 *       request: line amounts, tax, totals) and header against payload;</li>
 *       A certificate found invalid only because the issue time falls outside its validity (trusted
 *       and valid at the submission) is reported as ISSUED_OUTSIDE_CERTIFICATE_VALIDITY;</li>
 *   <li>once the signature is known good: the signer's certificate not revoked at the issue time,
 *       the submitter qualified at the issue time, and for a bill that opened its issuerName the one
 *       registered then ({@link Qualification});</li>
 *   <li>for a bill that opened: duplicates across hospitals ({@link DuplicateIndex}); its print is then
 *       kept as DECIDING until the verdict is stored.</li>
 * </ol>
 * Every failure of the bill becomes a reason code of a REJECTED verdict, never an exception; an
 * exception means the verifier itself cannot decide now (ledger, revocation lists, a missing key) and
 * the bill must wait.
 *
 * <pre>{@code
 * Inspection inspection = verifier.inspect(ledger.bill(billKey));
 * Verdict verdict = inspection.verdict();
 * }</pre>
 */
public final class BillVerifier {
    /** Failures found after the signature was verified: header and signer are then authentic. */
    private static final Set<ErrorCode> AFTER_SIGNATURE = EnumSet.of(
            ErrorCode.NOT_A_RECIPIENT,
            ErrorCode.DECRYPTION_FAILED,
            ErrorCode.PAYLOAD_DIGEST_MISMATCH,
            ErrorCode.HEADER_PAYLOAD_MISMATCH,
            ErrorCode.INVALID_BILL,
            ErrorCode.WRONG_PAYLOAD_KIND);

    private static final int MAX_DETAIL = 4000;

    private final SignerTrust trust;
    private final OpeningKeys keys;
    private final Qualification qualification;
    private final DuplicateIndex duplicates;
    private final VerifierProperties.Duplicates duplicatePolicy;
    private final IssueTime issueTime;

    public BillVerifier(
            SignerTrust trust,
            OpeningKeys keys,
            Qualification qualification,
            DuplicateIndex duplicates,
            VerifierProperties.Duplicates duplicatePolicy,
            Duration clockSkew) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.issueTime = new IssueTime(clockSkew, CertificateTrust.of(trust.authorities()));
        this.keys = Objects.requireNonNull(keys, "keys");
        this.qualification = Objects.requireNonNull(qualification, "qualification");
        this.duplicates = Objects.requireNonNull(duplicates, "duplicates");
        this.duplicatePolicy = Objects.requireNonNull(duplicatePolicy, "duplicatePolicy");
    }

    /**
     * The verdict on {@code stored}, and the print the duplicate check keeps of it if it opened.
     *
     * @throws LedgerException            when the submitter registry cannot be read
     * @throws RevocationListUnavailable  when the revocation lists cannot be read
     * @throws OpeningKeyMissing          when no key of the bill's suite is configured
     * @throws DuplicateCheckBusy         when a bill with the same payer and items is being decided now
     */
    public Inspection inspect(StoredBill stored)
            throws LedgerException, RevocationListUnavailable, OpeningKeyMissing, DuplicateCheckBusy {
        String billKey = stored.bill().billKey();
        SealedBill sealed;
        try {
            sealed = stored.envelope();
        } catch (ProtocolException e) {
            return new Inspection(Verdict.rejected(null, ReasonCodes.of(e), e.getMessage()), Optional.empty());
        }
        SealedBillHeader header = sealed.header();
        PayloadKind kind = header.carriesInvoiceRequest() ? PayloadKind.INVOICE_REQUEST : PayloadKind.BILL;
        Instant submittedAt = Instant.parse(stored.bill().submitted().at());
        Optional<String> future = issueTime.inFuture(sealed, submittedAt);
        if (future.isPresent()) {
            return new Inspection(
                    Verdict.rejected(kind, List.of(ReasonCodes.ISSUED_IN_FUTURE), future.get()), Optional.empty());
        }
        RecipientKey key = keys.forSuite(header.suite());

        List<String> codes = new ArrayList<>();
        List<String> details = new ArrayList<>();
        List<RuleBreach> breaches = new ArrayList<>();
        Bill bill = null;
        X509Certificate signer = null;
        try {
            if (kind == PayloadKind.BILL) {
                OpenedBill opened = trust.opener().open(sealed, key);
                bill = opened.bill();
                signer = opened.signer();
            } else {
                OpenedInvoiceRequest opened = trust.opener().openInvoiceRequest(sealed, key);
                signer = opened.signer();
            }
        } catch (ProtocolException e) {
            Optional<IssueTime.OutsideValidity> outside = e.code() == ErrorCode.CERTIFICATE_INVALID
                    ? issueTime.outsideSignerValidity(sealed, submittedAt)
                    : Optional.empty();
            if (outside.isPresent()) {
                // The certificate is sound; the date is not. Its signer is authentic, so the checks of
                // the signer and the submitter below still run.
                codes.add(ReasonCodes.ISSUED_OUTSIDE_CERTIFICATE_VALIDITY);
                details.add(outside.get().detail());
                signer = outside.get().signer();
            } else {
                codes.addAll(ReasonCodes.of(e));
                details.add(describe(e, kind));
                e.violations().forEach(v -> breaches.add(new RuleBreach(v.path(), v.code())));
                if (AFTER_SIGNATURE.contains(e.code())) {
                    signer = authenticSigner(sealed);
                }
            }
        }

        if (signer != null) {
            Instant issuedAt = OffsetDateTime.parse(header.issuedAt()).toInstant();
            Optional<Revocation> revocation = trust.revocationOf(signer).filter(r -> r.effectiveAt(issuedAt));
            if (revocation.isPresent()) {
                Revocation r = revocation.get();
                codes.add(ReasonCodes.CERTIFICATE_REVOKED);
                details.add("signer certificate " + signer.getSubjectX500Principal() + " (serial " + r.serial()
                        + ") was revoked at " + r.revokedAt() + " (" + r.reason() + "), before the issue time "
                        + issuedAt);
            }
            Qualification.Standing standing = qualification.standingAt(header.issuerId(), issuedAt);
            if (standing.unqualified().isPresent()) {
                codes.add(ReasonCodes.NOT_QUALIFIED);
                details.add(standing.unqualified().get());
            }
            Optional<String> misnamed = bill == null ? Optional.empty() : standing.misnamed(bill.issuerName());
            if (misnamed.isPresent()) {
                codes.add(ReasonCodes.ISSUER_NAME_MISMATCH);
                details.add(misnamed.get());
            }
        }

        Optional<BillPrint> print = Optional.empty();
        List<String> duplicateOf = List.of();
        if (bill != null) {
            BillPrint own = duplicates.printOf(billKey, bill);
            print = Optional.of(own);
            duplicateOf = duplicates.claim(own, duplicatePolicy.window());
            if (!duplicateOf.isEmpty()) {
                codes.add(ReasonCodes.DUPLICATE_SUSPECTED);
                details.add("the same payer was billed the same items within " + duplicatePolicy.window()
                        + " by " + duplicateOf + " ("
                        + (duplicatePolicy.action() == VerifierProperties.DuplicateAction.REJECT
                                ? "rejected"
                                : "accepted and flagged for review")
                        + ")");
            }
        }

        boolean rejected = codes.stream().anyMatch(code -> !code.equals(ReasonCodes.DUPLICATE_SUSPECTED))
                || !duplicateOf.isEmpty() && duplicatePolicy.action() == VerifierProperties.DuplicateAction.REJECT;
        String detail = details.isEmpty() ? "every check passed" : String.join("; ", details);
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL - 3) + "...";
        }
        return new Inspection(
                new Verdict(rejected ? Outcome.REJECTED : Outcome.ACCEPTED, codes, kind, detail, breaches, duplicateOf),
                print);
    }

    /** The signer of an envelope whose signature verified; its certificate parsed then, so it parses now. */
    private static X509Certificate authenticSigner(SealedBill sealed) {
        try {
            return sealed.signerCertificate();
        } catch (ProtocolException e) {
            throw new IllegalStateException("a signer certificate that verified no longer parses", e);
        }
    }

    /** A sentence for people, without any of the bill's contents (violation messages may quote them). */
    private static String describe(ProtocolException e, PayloadKind kind) {
        String what = kind == PayloadKind.BILL ? "bill" : "invoice request";
        return switch (e.code()) {
            case INVALID_BILL ->
                "the " + what + " breaks " + e.violations().size() + " rule(s): "
                        + String.join(
                                ", ",
                                e.violations().stream()
                                        .map(v -> v.path() + " " + v.code())
                                        .toList());
            case MALFORMED ->
                "MALFORMED: the envelope's issue time or its decrypted " + what + " is not well-formed"
                        + " (details withheld: they may quote the " + what + ")";
            default -> e.getMessage();
        };
    }

    /**
     * The verdict, and what the duplicate check keeps of a bill that opened.
     *
     * @param verdict the verdict to sign and record
     * @param print   the bill's print; empty when it could not be opened or is an invoice request
     */
    public record Inspection(Verdict verdict, Optional<BillPrint> print) {}
}
