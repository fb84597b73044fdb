package io.fapiao.hisadapter.bill;

import io.fapiao.hisadapter.HisProperties;
import io.fapiao.hisadapter.submission.BillSealing;
import io.fapiao.ledger.client.governance.SubmitterHistory;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.ledger.Submitter;
import io.fapiao.service.ledger.LedgerProperties;
import io.fapiao.service.problem.RequestRefused;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Refuses at the door a valid bill that the ledger or the finance verifier would refuse later for a
 * reason already known at intake, with the code they would give, so that the HIS hears of it in the
 * answer to its POST (and can fix and resend) rather than as a FAILED or REJECTED status hours later.
 * Each refusal is {@code 422} problem+json; nothing is stored. In the order the verifier finds them:
 * <table>
 *   <caption>Intake refusals</caption>
 *   <tr><th>code</th><th>when</th><th>who would refuse it later</th></tr>
 *   <tr><td>{@code ISSUED_IN_FUTURE}</td><td>{@code issuedAt} is later than this adapter's clock by more
 *       than {@code fapiao.his.intake.clock-skew}</td><td>verifier</td></tr>
 *   <tr><td>{@code ISSUED_OUTSIDE_CERTIFICATE_VALIDITY}</td><td>{@code issuedAt} is outside the validity
 *       of the certificate the bill would be signed with (the adapter's identity, or the submitter's GM
 *       seal)</td><td>verifier</td></tr>
 *   <tr><td>{@code NOT_QUALIFIED}</td><td>the submitter is not registered, is suspended or is outside its
 *       qualification now, or was at the bill's issue time</td><td>contract (now), verifier (issue time)</td></tr>
 *   <tr><td>{@code NOT_AUTHORIZED}</td><td>the USCC is registered to another organisation (MSP) than
 *       this adapter's</td><td>contract</td></tr>
 *   <tr><td>{@code ISSUER_NAME_MISMATCH}</td><td>{@code issuerName} is not the name registered for the
 *       USCC at the issue time</td><td>verifier</td></tr>
 * </table>
 * The registry checks use the adapter's last copy of the registry ({@link RegisteredSubmitters}); when
 * none could be read yet they are skipped, and the verifier still makes them. What only the verifier can
 * know (revocation lists, its trusted authorities, duplicates across hospitals) is left to it.
 *
 * <pre>{@code
 * admission.check(bill);   // throws RequestRefused 422 with one of the codes above
 * }</pre>
 */
@Component
public class BillAdmission {
    private final Clock clock;
    private final Duration clockSkew;
    private final RegisteredSubmitters registry;
    private final BillSealing sealing;
    private final HisProperties his;
    private final String mspId;

    public BillAdmission(
            Clock clock,
            IntakeProperties intake,
            RegisteredSubmitters registry,
            BillSealing sealing,
            HisProperties his,
            LedgerProperties ledger) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = intake.clockSkew();
        this.registry = Objects.requireNonNull(registry, "registry");
        this.sealing = Objects.requireNonNull(sealing, "sealing");
        this.his = Objects.requireNonNull(his, "his");
        this.mspId = ledger.mspId();
    }

    /**
     * Passes a valid bill of a served submitter that nothing known now dooms.
     *
     * @throws RequestRefused 422 with the code of the first refusal in the order of the class comment
     */
    public void check(Bill bill) {
        Instant now = clock.instant();
        // A valid bill's issuedAt is RFC 3339 with an offset (BAD_TIMESTAMP otherwise), so it parses.
        Instant issued = OffsetDateTime.parse(bill.issuedAt()).toInstant();
        if (issued.isAfter(now.plus(clockSkew))) {
            throw refusal(
                            "ISSUED_IN_FUTURE",
                            "issuedAt " + bill.issuedAt() + " is later than this adapter's clock ("
                                    + now + ") by more than the allowed clock skew of " + clockSkew
                                    + " (fapiao.his.intake.clock-skew); "
                                    + "send the time the bill was issued, with its UTC offset, and check the HIS's clock",
                            bill)
                    .with("receivedAt", now.toString())
                    .with("clockSkew", clockSkew.toString());
        }
        checkSignerValidity(bill, issued);
        Optional<SubmitterHistory> copy = registry.history(bill.issuerId());
        if (copy.isPresent()) {
            checkRegistration(bill, copy.get(), issued, now);
        }
    }

    private void checkSignerValidity(Bill bill, Instant issued) {
        Optional<X509Certificate> signer = sealing.signerCertificate(his.suiteOf(bill.issuerId()), bill.issuerId());
        if (signer.isEmpty()) {
            return; // no seal for it: the submission worker reports SEAL_UNAVAILABLE, an operator's matter
        }
        X509Certificate certificate = signer.get();
        String fix;
        try {
            certificate.checkValidity(Date.from(issued));
            return;
        } catch (CertificateNotYetValidException e) {
            fix = "a bill issued before " + certificate.getNotBefore().toInstant() + " cannot be signed with it: "
                    + "issue the bill again with the current time";
        } catch (CertificateExpiredException e) {
            fix = "the certificate had expired by then: check issuedAt, and renew the certificate if it is current";
        }
        throw refusal(
                        "ISSUED_OUTSIDE_CERTIFICATE_VALIDITY",
                        "issuedAt " + bill.issuedAt() + " is outside the validity "
                                + "of the certificate bills of " + bill.issuerId() + " are signed with ("
                                + certificate.getSubjectX500Principal() + ", valid from "
                                + certificate.getNotBefore().toInstant()
                                + " until " + certificate.getNotAfter().toInstant() + "); " + fix,
                        bill)
                .with("validFrom", certificate.getNotBefore().toInstant().toString())
                .with("validUntil", certificate.getNotAfter().toInstant().toString());
    }

    private void checkRegistration(Bill bill, SubmitterHistory history, Instant issued, Instant now) {
        String uscc = bill.issuerId();
        // The contract's checks at submission (the latest record, the ledger's time) come first: until they
        // pass, no bill of this submitter gets in, whatever its date.
        Optional<String> unqualifiedNow = history.unqualifiedAt(now);
        if (unqualifiedNow.isPresent()) {
            throw refusal(
                    "NOT_QUALIFIED",
                    unqualifiedNow.get() + "; the ledger accepts no bill of this submitter "
                            + "until the finance authority registers, reinstates or renews it",
                    bill);
        }
        Submitter latest = history.latest().orElseThrow();
        if (!latest.mspId().equals(mspId)) {
            throw refusal(
                    "NOT_AUTHORIZED",
                    "USCC " + uscc + " is registered to organisation " + latest.mspId()
                            + ", and this adapter submits as " + mspId
                            + "; its bills go through that organisation's adapter "
                            + "(or remove it from fapiao.his.submitters)",
                    bill);
        }
        Optional<String> unqualifiedThen = history.unqualifiedAt(issued);
        if (unqualifiedThen.isPresent()) {
            throw refusal(
                    "NOT_QUALIFIED",
                    unqualifiedThen.get() + ", the bill's issue time; the finance verifier "
                            + "rejects bills issued outside the submitter's qualification",
                    bill);
        }
        Submitter then = history.inForceAt(issued).orElseThrow();
        if (!then.name().equals(bill.issuerName())) {
            throw refusal(
                            "ISSUER_NAME_MISMATCH",
                            "issuerName '" + bill.issuerName() + "' is not the name registered "
                                    + "for USCC " + uscc + " at the issue time, '" + then.name()
                                    + "'; send the registered name exactly "
                                    + "(it is printed on the invoice), or ask the finance authority to correct the registry",
                            bill)
                    .with("registeredName", then.name());
        }
    }

    private static RequestRefused refusal(String code, String detail, Bill bill) {
        return new RequestRefused(RequestRefused.Kind.UNACCEPTABLE, code, detail)
                .with("issuerId", bill.issuerId())
                .with("billId", bill.billId())
                .with("issuedAt", bill.issuedAt());
    }
}
