package io.fapiao.ledger.client.governance;

import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.SealCertificate;
import io.fapiao.protocol.ledger.Submitter;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Brings a ledger's governance to a {@link GovernancePlan}, as an admin of the finance bureau's MSP.
 * Each step first reads what the ledger holds and only writes what is missing, so running it on
 * every start of a platform is safe and a crash half-way is finished by the next run.
 *
 * <pre>{@code
 * List<String> done = new GovernanceBootstrap(financeAdminLedger).apply(plan);
 * done.forEach(System.out::println);      // "granted HospitalOrgMSP hospital, enterprise", ...
 * }</pre>
 */
public final class GovernanceBootstrap {
    private final FapiaoLedger admin;

    public GovernanceBootstrap(FapiaoLedger financeAdmin) {
        this.admin = financeAdmin;
    }

    /** Applies the plan; returns one line per change made (empty when the ledger already matched). */
    public List<String> apply(GovernancePlan plan) throws LedgerException {
        List<String> done = new ArrayList<>();
        Governance governance = current().orElse(null);
        if (governance == null) {
            governance = admin.initGovernance(plan.financeMspId()).value();
            done.add("governance initialised: " + plan.financeMspId() + " governs");
        }
        for (Map.Entry<String, List<Role>> grant : plan.grants().entrySet()) {
            Governance held = governance;
            List<Role> missing = grant.getValue().stream()
                    .filter(r -> !held.grants(grant.getKey(), r))
                    .toList();
            if (!missing.isEmpty()) {
                List<Role> all = new ArrayList<>(missing);
                grant.getValue().stream().filter(r -> !all.contains(r)).forEach(all::add);
                governance.grants().getOrDefault(grant.getKey(), List.of()).stream()
                        .filter(r -> !all.contains(r))
                        .forEach(all::add);
                governance = admin.grantRoles(grant.getKey(), all).value();
                done.add("granted " + grant.getKey() + " "
                        + all.stream().map(Role::attribute).toList());
            }
        }
        for (GovernancePlan.Registration registration : plan.registrations()) {
            Submitter submitter = submitter(registration.uscc()).orElse(null);
            if (submitter == null) {
                submitter = admin.registerSubmitter(
                                registration.uscc(),
                                registration.name(),
                                registration.mspId(),
                                registration.validFrom(),
                                registration.validTo())
                        .value();
                done.add("registered " + registration.uscc() + " " + registration.name());
            }
            for (X509Certificate seal : registration.sealCertificates()) {
                String fingerprint =
                        CryptoSuite.INTL.fingerprint(seal); // SHA-256 whatever the suite, as the registry names them
                boolean known = submitter.sealCertificates().stream()
                        .map(SealCertificate::fingerprint)
                        .anyMatch(fingerprint::equals);
                if (!known) {
                    submitter =
                            admin.addSealCertificate(registration.uscc(), seal).value();
                    done.add("seal certificate " + fingerprint + " added for " + registration.uscc());
                }
            }
        }
        return done;
    }

    /**
     * The governance record, or empty before {@code InitGovernance}. The contract refuses
     * {@code GetGovernance} before then (NOT_AUTHORIZED: nobody holds a role yet), so any refusal
     * here means "try to initialise"; if governance did exist, InitGovernance's own refusal says why.
     */
    private Optional<Governance> current() throws LedgerException {
        try {
            return Optional.of(admin.governance());
        } catch (ChaincodeRejection e) {
            return Optional.empty();
        }
    }

    private Optional<Submitter> submitter(String uscc) throws LedgerException {
        try {
            return Optional.of(admin.submitter(uscc));
        } catch (ChaincodeRejection e) {
            if ("NOT_FOUND".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
