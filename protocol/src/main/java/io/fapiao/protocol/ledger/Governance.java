package io.fapiao.protocol.ledger;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The on-ledger trust configuration: which MSP is the finance authority (its admins run the
 * registry) and which roles each MSP's certificates may carry. Without the grant, a {@code finance}
 * attribute minted by any organisation's CA means nothing.
 *
 * <pre>{@code
 * boolean ok = governance.grants("HospitalOrgMSP", Role.HOSPITAL);
 * }</pre>
 *
 * @param financeMspId the MSP whose admins maintain grants and the submitter registry
 * @param grants       MSP ID to the roles its certificates may carry, sorted
 * @param written      who wrote this version
 */
public record Governance(String financeMspId, Map<String, List<Role>> grants, Provenance written) {
    public Governance {
        grants = new TreeMap<>(grants);
        grants.replaceAll((msp, roles) -> roles.stream().sorted().distinct().toList());
        grants = java.util.Collections.unmodifiableMap(grants);
    }

    public boolean grants(String mspId, Role role) {
        return grants.getOrDefault(mspId, List.of()).contains(role);
    }

    public Governance withGrant(String mspId, List<Role> roles, Provenance written) {
        Map<String, List<Role>> updated = new TreeMap<>(grants);
        if (roles.isEmpty()) {
            updated.remove(mspId);
        } else {
            updated.put(mspId, roles);
        }
        return new Governance(financeMspId, updated, written);
    }
}
