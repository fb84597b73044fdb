package io.fapiao.chaincode.access;

import io.fapiao.chaincode.Arguments;
import io.fapiao.chaincode.ChaincodeError;
import io.fapiao.chaincode.Event;
import io.fapiao.chaincode.ledger.Keys;
import io.fapiao.chaincode.ledger.Ledger;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Uscc;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.Provenance;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.SealCertificate;
import io.fapiao.protocol.ledger.Submitter;
import io.fapiao.protocol.ledger.SubmitterStatus;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The governance record and the submitter registry: bootstrapped once by an admin of the finance
 * authority's MSP, then maintained by that MSP's admins.
 *
 * <pre>{@code
 * Registry registry = new Registry(ledger, access);
 * registry.initGovernance(caller, "FinanceOrgMSP");
 * registry.grantRoles(caller, "HospitalOrgMSP", "[\"hospital\",\"enterprise\"]");
 * }</pre>
 */
public final class Registry {
    private final Ledger ledger;
    private final Access access;

    public Registry(Ledger ledger, Access access) {
        this.ledger = ledger;
        this.access = access;
    }

    /**
     * Creates the governance record naming the caller's own MSP as the finance authority. Only an admin
     * may, only once; calling it again with the same MSP returns the record unchanged.
     */
    public Governance initGovernance(Caller caller, String financeMspId) {
        Arguments.requireMspId("financeMspId", financeMspId);
        if (!caller.admin()) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("InitGovernance needs an admin (OU=admin) of MSP "
                    + financeMspId + "; the " + caller.describe() + " is not an admin");
        }
        var existing = access.governance();
        if (existing.isPresent()) {
            if (existing.get().financeMspId().equals(financeMspId)
                    && caller.mspId().equals(financeMspId)) {
                return existing.get();
            }
            throw ChaincodeError.INVALID_STATE.exception("governance is already initialised with finance MSP "
                    + existing.get().financeMspId() + "; it cannot be initialised twice");
        }
        if (!caller.mspId().equals(financeMspId)) {
            throw ChaincodeError.NOT_AUTHORIZED.exception("InitGovernance must be called by an admin of MSP "
                    + financeMspId + " itself; the caller is an admin of " + caller.mspId());
        }
        Provenance written = stamp(caller);
        Governance governance = new Governance(financeMspId, Map.of(financeMspId, List.of(Role.FINANCE)), written);
        ledger.write(Keys.governance(), governance);
        ledger.emit(
                "GovernanceInitialised",
                Event.of("governance", "initialised", written).with("financeMspId", financeMspId));
        return governance;
    }

    /** Sets the roles an MSP may hold (replacing what it held); an empty list revokes them all. */
    public Governance grantRoles(Caller caller, String mspId, String rolesJson) {
        Governance governance = access.requireFinanceAdmin(caller, "GrantRoles");
        Arguments.requireMspId("mspId", mspId);
        JsonNode array = Arguments.json("roles", rolesJson);
        if (!array.isArray() || array.size() > Role.values().length) {
            throw ChaincodeError.MALFORMED.exception(
                    "roles must be a JSON array of role names such as " + "[\"hospital\",\"enterprise\"]");
        }
        List<Role> roles = new ArrayList<>();
        for (JsonNode element : array) {
            Role role = element.isString() ? Role.fromAttribute(element.stringValue()) : null;
            if (role == null) {
                throw ChaincodeError.MALFORMED.exception("roles: " + element
                        + " is not one of hospital, enterprise, finance, issuer, auditor, claimant");
            }
            roles.add(role);
        }
        if (mspId.equals(governance.financeMspId()) && !roles.contains(Role.FINANCE)) {
            throw ChaincodeError.INVALID_STATE.exception(
                    "the finance authority's MSP " + mspId + " cannot lose the finance role");
        }
        Provenance written = stamp(caller);
        Governance updated = governance.withGrant(mspId, roles, written);
        ledger.write(Keys.governance(), updated);
        ledger.emit(
                "RolesGranted",
                Event.of("governance", "granted", written)
                        .with("mspId", mspId)
                        .with("roles", updated.grants().getOrDefault(mspId, List.of())));
        return updated;
    }

    /**
     * Registers a submitter or replaces its registration (name, MSP, window), keeping its status and
     * seal certificates. Input: {@code {"uscc","name","mspId","validFrom","validTo"}}.
     */
    public Submitter registerSubmitter(Caller caller, String json) {
        access.requireFinanceAdmin(caller, "RegisterSubmitter");
        JsonNode node = Arguments.json("submitter", json);
        Arguments.requireFields("submitter", node, "uscc", "name", "mspId", "validFrom", "validTo");
        String uscc = Arguments.text(node, "uscc");
        if (!Uscc.isValid(uscc)) {
            throw ChaincodeError.MALFORMED.exception("uscc " + uscc
                    + " is not a valid unified social credit code (18 characters, GB 32100 check digit)");
        }
        String name = Arguments.text(node, "name");
        if (name.isBlank() || name.length() > 200) {
            throw ChaincodeError.MALFORMED.exception("name must be 1 to 200 characters");
        }
        String mspId = Arguments.text(node, "mspId");
        Arguments.requireMspId("mspId", mspId);
        Instant from = Arguments.instant("validFrom", Arguments.text(node, "validFrom"));
        Instant to = Arguments.instant("validTo", Arguments.text(node, "validTo"));
        if (!to.isAfter(from)) {
            throw ChaincodeError.MALFORMED.exception("validTo " + to + " must be after validFrom " + from);
        }
        var existing = access.submitter(uscc);
        Provenance written = stamp(caller);
        Submitter submitter = new Submitter(
                uscc,
                name,
                mspId,
                from.toString(),
                to.toString(),
                existing.map(Submitter::status).orElse(SubmitterStatus.ACTIVE),
                existing.map(Submitter::statusReason).orElse("registered"),
                existing.map(Submitter::sealCertificates).orElse(List.of()),
                written);
        ledger.write(Keys.submitter(uscc), submitter);
        ledger.emit(
                "SubmitterRegistered",
                Event.of("submitter:" + uscc, submitter.status().wireName(), written)
                        .with("uscc", uscc)
                        .with("mspId", mspId)
                        .with("validFrom", submitter.validFrom())
                        .with("validTo", submitter.validTo()));
        return submitter;
    }

    /** Suspends or reinstates a submitter; the reason is kept for people. */
    public Submitter setSubmitterStatus(Caller caller, String uscc, String status, String reason) {
        access.requireFinanceAdmin(caller, "SetSubmitterStatus");
        Submitter existing = requireSubmitter(uscc);
        SubmitterStatus next;
        try {
            next = SubmitterStatus.named(status);
        } catch (IllegalArgumentException e) {
            throw ChaincodeError.MALFORMED.exception(e.getMessage());
        }
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw ChaincodeError.MALFORMED.exception("reason must be 1 to 500 characters");
        }
        Provenance written = stamp(caller);
        Submitter updated = new Submitter(
                existing.uscc(),
                existing.name(),
                existing.mspId(),
                existing.validFrom(),
                existing.validTo(),
                next,
                reason,
                existing.sealCertificates(),
                written);
        ledger.write(Keys.submitter(uscc), updated);
        String event = next == SubmitterStatus.ACTIVE ? "SubmitterReinstated" : "SubmitterSuspended";
        ledger.emit(
                event,
                Event.of("submitter:" + uscc, next.wireName(), written)
                        .with("uscc", uscc)
                        .with("reason", reason));
        return updated;
    }

    /** Registers a seal certificate (PEM) the submitter may sign sealed bills with. */
    public Submitter addSealCertificate(Caller caller, String uscc, String certificatePem) {
        access.requireFinanceAdmin(caller, "AddSealCertificate");
        Submitter existing = requireSubmitter(uscc);
        X509Certificate certificate;
        CryptoSuite suite;
        try {
            certificate = Pem.certificate(certificatePem);
            suite = CryptoSuite.of(certificate.getPublicKey());
        } catch (ProtocolException e) {
            throw ChaincodeError.MALFORMED.exception("certificate: " + e.getMessage());
        }
        String fingerprint = Caller.fingerprint(certificate);
        if (existing.sealCertificates().stream().anyMatch(c -> c.fingerprint().equals(fingerprint))) {
            return existing;
        }
        List<SealCertificate> seals = new ArrayList<>(existing.sealCertificates());
        seals.add(new SealCertificate(
                fingerprint,
                suite.name(),
                certificate.getSubjectX500Principal().getName(),
                certificate.getNotBefore().toInstant().toString(),
                certificate.getNotAfter().toInstant().toString()));
        Provenance written = stamp(caller);
        Submitter updated = new Submitter(
                existing.uscc(),
                existing.name(),
                existing.mspId(),
                existing.validFrom(),
                existing.validTo(),
                existing.status(),
                existing.statusReason(),
                seals,
                written);
        ledger.write(Keys.submitter(uscc), updated);
        ledger.emit(
                "SealCertificateAdded",
                Event.of("submitter:" + uscc, updated.status().wireName(), written)
                        .with("uscc", uscc)
                        .with("fingerprint", fingerprint));
        return updated;
    }

    /** A registration, readable by any caller holding a granted role and by finance admins. */
    public Submitter getSubmitter(Caller caller, String uscc) {
        requireReader(caller);
        return requireSubmitter(uscc);
    }

    public Governance getGovernance() {
        return access.requireGovernance();
    }

    /** Finance admins and any caller with a granted role may read registry records. */
    public void requireReader(Caller caller) {
        Governance governance = access.requireGovernance();
        if (caller.admin() && caller.mspId().equals(governance.financeMspId())) {
            return;
        }
        access.requireGranted(caller);
    }

    private Submitter requireSubmitter(String uscc) {
        return access.submitter(uscc)
                .orElseThrow(
                        () -> ChaincodeError.NOT_FOUND.exception("USCC " + uscc + " is not in the submitter registry"));
    }

    private Provenance stamp(Caller caller) {
        return ledger.provenance(caller.mspId(), caller.fingerprint());
    }
}
