package io.fapiao.ledger.client.governance;

import io.fapiao.protocol.ledger.Role;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the ledger's governance should hold: the finance bureau's MSP, the roles each organisation
 * may exercise, the qualified submitters and their registered seal certificates. {@link
 * GovernanceBootstrap} brings a ledger to this plan, doing only what is missing.
 *
 * <pre>{@code
 * GovernancePlan plan = GovernancePlan.financeBureau("FinanceOrgMSP")
 *         .grant("HospitalOrgMSP", Role.HOSPITAL, Role.ENTERPRISE)
 *         .register(new Registration(uscc, "First People's Hospital", "HospitalOrgMSP", from, to, List.of()));
 * }</pre>
 *
 * @param financeMspId  the MSP whose admins govern
 * @param grants        roles per MSP, in the order they are granted
 * @param registrations submitters to qualify
 */
public record GovernancePlan(String financeMspId, Map<String, List<Role>> grants, List<Registration> registrations) {

    public GovernancePlan {
        Objects.requireNonNull(financeMspId, "financeMspId");
        grants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(grants));
        registrations = List.copyOf(registrations);
    }

    /** A plan that only names the governing MSP. */
    public static GovernancePlan financeBureau(String financeMspId) {
        return new GovernancePlan(financeMspId, Map.of(), List.of());
    }

    /** This plan with {@code roles} granted to {@code mspId} as well. */
    public GovernancePlan grant(String mspId, Role... roles) {
        Map<String, List<Role>> more = new LinkedHashMap<>(grants);
        more.merge(
                mspId,
                List.of(roles),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream())
                        .distinct()
                        .toList());
        return new GovernancePlan(financeMspId, more, registrations);
    }

    /** This plan with one more submitter. */
    public GovernancePlan register(Registration registration) {
        List<Registration> more = new java.util.ArrayList<>(registrations);
        more.add(registration);
        return new GovernancePlan(financeMspId, grants, more);
    }

    /**
     * One qualified submitter.
     *
     * @param uscc             its unified social credit code
     * @param name             its registered name
     * @param mspId            the organisation whose identities submit for it
     * @param validFrom        start of the qualification
     * @param validTo          end of the qualification
     * @param sealCertificates SM2 seal certificates that may sign its GM bills
     */
    public record Registration(
            String uscc,
            String name,
            String mspId,
            Instant validFrom,
            Instant validTo,
            List<X509Certificate> sealCertificates) {
        public Registration {
            Objects.requireNonNull(uscc, "uscc");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mspId, "mspId");
            Objects.requireNonNull(validFrom, "validFrom");
            Objects.requireNonNull(validTo, "validTo");
            sealCertificates = List.copyOf(sealCertificates);
        }
    }
}
