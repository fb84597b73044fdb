package io.fapiao.ledger.consortium;

import java.util.List;

/**
 * An organisation of the consortium: its name, its MSP ID, the DNS domain its folders and node names
 * derive from ({@code peerOrganizations/<domain>/}), and the identities generated for it.
 *
 * <pre>{@code
 * Organisation hospital = new Organisation("HospitalOrg", "HospitalOrgMSP", "hospital.fapiao.local",
 *         List.of(Enrolment.admin("Admin"), Enrolment.client("hospital1", "hospital")));
 * }</pre>
 */
public record Organisation(String name, String mspId, String domain, List<Enrolment> enrolments) {

    public Organisation {
        enrolments = List.copyOf(enrolments);
    }
}
