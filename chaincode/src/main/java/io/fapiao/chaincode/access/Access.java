package io.fapiao.chaincode.access;

import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.Submitter;
import io.fapiao.protocol.ledger.SubmitterStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may do what: a role counts only where the caller's certificate carries it and the governance
 * record grants it to the caller's MSP; registry maintenance needs an admin of the finance MSP;
 * submission needs a registration of the USCC bound to the caller's MSP and a qualification valid at
 * the transaction timestamp.
 *
 * <pre>{@code
 * Access access = new Access(ledger);
 * access.requireRole(caller, "RecordVerification", Role.FINANCE);
 * Submitter submitter = access.requireQualifiedSubmitter(caller, header.issuerId());
 * }</pre>
 */
public final class Access {
    private final Ledger ledger;

    public Access(Ledger ledger) {
        this.ledger = ledger;
    }

    public Optional<Governance> governance() {
        return ledger.read(Keys.governance(), Governance.class);
    }

    public Governance requireGovernance() {
        return governance()
                .orElseThrow(() -> ChaincodeError.NOT_AUTHORIZED.exception(
                        "governance is not initialised; an admin of the finance authority's MSP must call "
                                + "InitGovernance first"));
    }

    /** The caller's role, when its certificate carries one of {@code allowed} and its MSP is granted it. */
    public Role requireRole(Caller caller, String function, Role... allowed) {
        Set<Role> permitted = EnumSet.copyOf(Arrays.asList(allowed));
        if (caller.role() == null || !permitted.contains(caller.role())) {
            throw ChaincodeError.NOT_AUTHORIZED.exception(function + " needs a certificate with role attribute "
                    + names(permitted) + "; the " + caller.describe() + " has none of them");
        }
        return requireGranted(caller);
    }

    /** The caller's role, whichever it is, provided its MSP is granted it. */
    public Role requireGranted(Caller caller) {
        if (caller.role() == null) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("the " + caller.describe()
                    + " carries no known role attribute (hospital, enterprise, finance, issuer, auditor, claimant)");
        }
        Governance governance = requireGovernance();
        if (!governance.grants(caller.mspId(), caller.role())) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("MSP " + caller.mspId() + " is not granted role "
                    + caller.role().attribute() + "; finance admins grant roles with GrantRoles");
        }
        return caller.role();
    }

    /** Passes when the caller is an admin ({@code OU=admin}) of the finance authority's MSP. */
    public Governance requireFinanceAdmin(Caller caller, String function) {
        Governance governance = requireGovernance();
        if (!caller.admin() || !caller.mspId().equals(governance.financeMspId())) {
            throw ChaincodeError.NOT_AUTHORIZED.exception(function + " needs an admin (OU=admin) of MSP "
                    + governance.financeMspId() + "; the " + caller.describe() + " is not");
        }
        return governance;
    }

    public Optional<Submitter> submitter(String uscc) {
        return ledger.read(Keys.submitter(uscc), Submitter.class);
    }

    /**
     * The registration the caller submits under: the USCC is registered to the caller's MSP, matches the
     * certificate's {@code uscc} attribute if it has one, and is qualified at the transaction time.
     */
    public Submitter requireQualifiedSubmitter(Caller caller, String uscc) {
        Submitter submitter = registered(uscc);
        requireOwnSubmitter(caller, submitter);
        return requireQualifiedNow(submitter);
    }

    /**
     * A registration qualified at the transaction time, whatever MSP it belongs to: the check for an
     * issuer taking in an invoice request on a registered client's behalf (it does not act as the
     * submitter's MSP, so the MSP binding does not apply; the qualification does).
     */
    public Submitter requireQualified(String uscc) {
        return requireQualifiedNow(registered(uscc));
    }

    private Submitter registered(String uscc) {
        return submitter(uscc)
                .orElseThrow(() -> ChaincodeError.NOT_QUALIFIED.exception(
                        "USCC " + uscc + " is not in the submitter registry; finance admins register submitters"));
    }

    private Submitter requireQualifiedNow(Submitter submitter) {
        String uscc = submitter.uscc();
        Instant now = ledger.now();
        if (submitter.status() != SubmitterStatus.ACTIVE) {
            throw ChaincodeError.NOT_QUALIFIED.exception("USCC " + uscc + " is suspended (" + submitter.statusReason()
                    + "); the finance authority must reinstate it before it submits");
        }
        if (now.isBefore(Instant.parse(submitter.validFrom()))) {
            throw ChaincodeError.NOT_QUALIFIED.exception("USCC " + uscc + " is qualified only from "
                    + submitter.validFrom() + "; the transaction time is " + now);
        }
        if (!now.isBefore(Instant.parse(submitter.validTo()))) {
            throw ChaincodeError.NOT_QUALIFIED.exception(
                    "USCC " + uscc + "'s qualification ended at " + submitter.validTo() + "; the transaction time is "
                            + now + "; ask the finance authority to renew it");
        }
        return submitter;
    }

    /** Passes when the registration belongs to the caller's MSP and, if pinned, to the caller's USCC. */
    public void requireOwnSubmitter(Caller caller, Submitter submitter) {
        if (!submitter.mspId().equals(caller.mspId())) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("USCC " + submitter.uscc() + " is registered to MSP "
                    + submitter.mspId() + ", not to the caller's MSP " + caller.mspId());
        }
        if (caller.uscc() != null && !caller.uscc().equals(submitter.uscc())) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("the caller's certificate is pinned to USCC " + caller.uscc()
                    + " and cannot act for USCC " + submitter.uscc());
        }
    }

    /**
     * Read access to a submitter's bills: finance, issuer and auditor read all; a hospital or
     * enterprise reads only bills of a USCC registered to its own MSP.
     */
    public void requireMayReadBillsOf(Caller caller, String function, String uscc) {
        Role role =
                requireRole(caller, function, Role.HOSPITAL, Role.ENTERPRISE, Role.FINANCE, Role.ISSUER, Role.AUDITOR);
        if (role.submits()) {
            Submitter submitter = submitter(uscc)
                    .orElseThrow(() -> ChaincodeError.NOT_AUTHORIZED.exception(
                            "USCC " + uscc + " is not registered to the caller's MSP " + caller.mspId()));
            requireOwnSubmitter(caller, submitter);
        }
    }

    private static String names(Set<Role> roles) {
        return roles.stream().map(Role::attribute).collect(Collectors.joining(" or "));
    }
}
