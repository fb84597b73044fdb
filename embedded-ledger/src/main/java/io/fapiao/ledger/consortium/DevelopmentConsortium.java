package io.fapiao.ledger.consortium;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Who is in the consortium a node creates on its first start, and for how long their certificates last. */
public final class DevelopmentConsortium {

    /** Long enough that a development setup never meets a CA expiry; see docs/consortium.md to rotate. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Identities expire well before their CA, so rotating an identity never needs a new CA. */
    static final Duration IDENTITY_VALIDITY = Duration.ofDays(730);

    static final String NODE_MSP_ID = "FinanceOrgMSP";
    static final String PEER = "peer0";
    static final String ORDERER = "orderer0";

    private DevelopmentConsortium() {}

    static List<Organisation> organisations() {
        return List.of(
                new Organisation(
                        "HospitalOrg",
                        "HospitalOrgMSP",
                        "hospital.fapiao.local",
                        List.of(
                                Enrolment.admin("Admin"),
                                Enrolment.client("hospital1", "hospital"),
                                Enrolment.client("enterprise1", "enterprise"))),
                new Organisation(
                        "FinanceOrg",
                        NODE_MSP_ID,
                        "finance.fapiao.local",
                        List.of(
                                Enrolment.admin("Admin").withRole("admin"),
                                Enrolment.client("verifier1", "finance"),
                                new Enrolment(PEER, "peer", Map.of()),
                                new Enrolment(ORDERER, "orderer", Map.of()))),
                new Organisation(
                        "IssuerOrg",
                        "IssuerOrgMSP",
                        "issuer.fapiao.local",
                        List.of(
                                Enrolment.admin("Admin"),
                                Enrolment.client("issuer1", "issuer"),
                                Enrolment.client("claimant1", "claimant"))),
                new Organisation(
                        "AuditorOrg",
                        "AuditorOrgMSP",
                        "auditor.fapiao.local",
                        List.of(Enrolment.admin("Admin"), Enrolment.client("auditor1", "auditor"))));
    }

    /**
     * A hospital organisation that joins a running network later: an Admin, an HIS client with the
     * {@code hospital} role, and a peer of its own (it orders nothing).
     */
    public static Organisation joiningHospital(String name, String domain) {
        return new Organisation(
                name,
                name + "MSP",
                domain,
                List.of(
                        Enrolment.admin("Admin"),
                        Enrolment.client("hospital1", "hospital"),
                        new Enrolment(PEER, "peer", Map.of())));
    }

    /**
     * The same organisations shaped for a Fabric network (network/fabric.sh): every organisation runs
     * a peer and an orderer of its own, so that ordering is spread over the four parties and no one
     * of them holds a BFT quorum.
     */
    static List<Organisation> networkOrganisations() {
        List<Organisation> shaped = new ArrayList<>();
        for (Organisation org : organisations()) {
            List<Enrolment> enrolments = new ArrayList<>(org.enrolments());
            for (Enrolment node :
                    List.of(new Enrolment(PEER, "peer", Map.of()), new Enrolment(ORDERER, "orderer", Map.of()))) {
                if (enrolments.stream().noneMatch(e -> e.name().equals(node.name()))) {
                    enrolments.add(node);
                }
            }
            shaped.add(new Organisation(org.name(), org.mspId(), org.domain(), List.copyOf(enrolments)));
        }
        return List.copyOf(shaped);
    }
}
