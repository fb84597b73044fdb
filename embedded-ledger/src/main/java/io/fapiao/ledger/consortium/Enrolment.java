package io.fapiao.ledger.consortium;

import java.util.Map;

/**
 * One identity of an organisation of the development consortium: the name it is enrolled under, the
 * NodeOU it carries and the attributes written into Fabric CA's attribute extension.
 *
 * <pre>{@code
 * Enrolment hospital1 = Enrolment.client("hospital1", "hospital");
 * }</pre>
 *
 * @param name the enrolment ID ({@code hf.EnrollmentID}), also the certificate's common name for users
 * @param nodeOu {@code client}, {@code admin}, {@code peer} or {@code orderer}
 * @param attributes extra attributes such as {@code role}; {@code hf.EnrollmentID} and {@code hf.Type} are added
 */
record Enrolment(String name, String nodeOu, Map<String, String> attributes) {

    public Enrolment {
        attributes = Map.copyOf(attributes);
    }

    public static Enrolment client(String name, String role) {
        return new Enrolment(name, "client", Map.of("role", role));
    }

    public static Enrolment admin(String name) {
        return new Enrolment(name, "admin", Map.of());
    }

    public Enrolment withRole(String role) {
        return new Enrolment(name, nodeOu, Map.of("role", role));
    }

    /** Whether this is one of the node's own identities (its peer or orderer) rather than a user. */
    public boolean isNode() {
        return nodeOu.equals("peer") || nodeOu.equals("orderer");
    }
}
