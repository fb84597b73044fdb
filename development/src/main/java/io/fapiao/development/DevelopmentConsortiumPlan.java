package io.fapiao.development;

import io.fapiao.ledger.client.governance.GovernancePlan;
import io.fapiao.ledger.client.governance.GovernancePlan.Registration;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.ledger.Role;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The governance of the one-machine development platform: FinanceOrg governs, the embedded node's
 * development consortium's organisations get their roles, and three hospitals and one enterprise
 * (all submitting through HospitalOrgMSP) are qualified for ten years, each with its GM seal
 * certificate. {@code ./fapiao up} and the services' tests apply it.
 *
 * <pre>{@code
 * GovernancePlan plan = DevelopmentConsortiumPlan.plan(Instant.now(), gm.sealCertificates());
 * new GovernanceBootstrap(financeAdmin).apply(plan);
 * }</pre>
 */
public final class DevelopmentConsortiumPlan {
    public static final String HOSPITAL_MSP = "HospitalOrgMSP";
    public static final String FINANCE_MSP = "FinanceOrgMSP";
    public static final String ISSUER_MSP = "IssuerOrgMSP";
    public static final String AUDITOR_MSP = "AuditorOrgMSP";

    /** The name the development platform's issuer prints on its invoices ({@code fapiao.issuer.name}). */
    public static final String ISSUER_NAME = "Fapiao Development Issuer";

    /** The qualified submitters: USCC → name. The first three are hospitals, the last an enterprise. */
    public static final Map<String, String> SUBMITTERS = submitters();

    private DevelopmentConsortiumPlan() {}

    private static Map<String, String> submitters() {
        Map<String, String> submitters = new LinkedHashMap<>();
        submitters.put(SampleBills.uscc(1), "First People's Hospital");
        submitters.put(SampleBills.uscc(5), "Second Municipal Hospital");
        submitters.put(SampleBills.uscc(6), "Provincial Hospital of Traditional Chinese Medicine");
        submitters.put(SampleBills.uscc(2), "Pharmacy Chain Ltd");
        return Collections.unmodifiableMap(submitters);
    }

    /** The hospitals' USCCs, in the order above. */
    public static List<String> hospitals() {
        return SUBMITTERS.keySet().stream().limit(3).toList();
    }

    /** The enterprise's USCC. */
    public static String enterprise() {
        return SUBMITTERS.keySet().stream().skip(3).findFirst().orElseThrow();
    }

    /**
     * {@code bill} under the name its issuer is registered with in this plan; a bill of another issuer
     * unchanged. Sample bills carry invented hospital names, and the his-adapter and the finance
     * verifier refuse a bill whose {@code issuerName} is not the registry's ({@code ISSUER_NAME_MISMATCH}).
     *
     * <pre>{@code
     * Bill bill = DevelopmentConsortiumPlan.asRegistered(SampleBills.outpatient(7, uscc).reissued(id, now));
     * }</pre>
     */
    public static Bill asRegistered(Bill bill) {
        String name = SUBMITTERS.get(bill.issuerId());
        if (name == null) {
            return bill;
        }
        return new Bill(
                bill.billCode(),
                bill.billId(),
                bill.issuerId(),
                name,
                bill.issuedAt(),
                bill.payer(),
                bill.items(),
                bill.total(),
                bill.insurance(),
                bill.payeeClerk(),
                bill.remarks());
    }

    /**
     * The plan, with qualifications from a day before {@code now} for ten years and the given GM seal
     * certificates (by USCC; a submitter without one gets none).
     */
    public static GovernancePlan plan(Instant now, Map<String, X509Certificate> sealCertificates) {
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(3650));
        GovernancePlan plan = GovernancePlan.financeBureau(FINANCE_MSP)
                .grant(HOSPITAL_MSP, Role.HOSPITAL, Role.ENTERPRISE)
                .grant(ISSUER_MSP, Role.ISSUER, Role.CLAIMANT)
                .grant(AUDITOR_MSP, Role.AUDITOR);
        for (Map.Entry<String, String> submitter : SUBMITTERS.entrySet()) {
            X509Certificate seal = sealCertificates.get(submitter.getKey());
            plan = plan.register(new Registration(
                    submitter.getKey(),
                    submitter.getValue(),
                    HOSPITAL_MSP,
                    from,
                    to,
                    seal == null ? List.of() : List.of(seal)));
        }
        return plan;
    }
}
