package io.fapiao.ledger.consortium;

import java.nio.file.Path;

/**
 * Where each file of the consortium lives, in cryptogen's layout. Every organisation sits under
 * {@code peerOrganizations/<domain>/}; the node's orderer identity belongs to FinanceOrg, so it sits
 * under FinanceOrg's {@code orderers/} rather than in a separate {@code ordererOrganizations/} tree.
 */
record CryptoLayout(Path root) {

    static final String MANIFEST = "consortium.yaml";
    static final String KEY_FILE = "priv_sk";

    Path manifest() {
        return root.resolve(MANIFEST);
    }

    Path organisation(Organisation org) {
        return root.resolve("peerOrganizations").resolve(org.domain());
    }

    Path caFolder(Organisation org) {
        return organisation(org).resolve("ca");
    }

    Path caCertificate(Organisation org) {
        return caFolder(org).resolve(caCertificateName(org));
    }

    Path tlsCaFolder(Organisation org) {
        return organisation(org).resolve("tlsca");
    }

    Path tlsCaCertificate(Organisation org) {
        return tlsCaFolder(org).resolve(tlsCaCertificateName(org));
    }

    Path organisationMsp(Organisation org) {
        return organisation(org).resolve("msp");
    }

    Path crl(Organisation org) {
        return organisationMsp(org).resolve("crls").resolve("crl.pem");
    }

    /** {@code users/<name>@<domain>}, {@code peers/<name>.<domain>} or {@code orderers/<name>.<domain>}. */
    Path identity(Organisation org, Enrolment enrolment) {
        return switch (enrolment.nodeOu()) {
            case "peer" -> organisation(org).resolve("peers").resolve(nodeName(org, enrolment));
            case "orderer" -> organisation(org).resolve("orderers").resolve(nodeName(org, enrolment));
            default -> organisation(org).resolve("users").resolve(enrolment.name() + "@" + org.domain());
        };
    }

    Path identityMsp(Organisation org, Enrolment enrolment) {
        return identity(org, enrolment).resolve("msp");
    }

    Path signCertificate(Organisation org, Enrolment enrolment) {
        return identityMsp(org, enrolment).resolve("signcerts").resolve(commonName(org, enrolment) + "-cert.pem");
    }

    Path signKey(Organisation org, Enrolment enrolment) {
        return identityMsp(org, enrolment).resolve("keystore").resolve(KEY_FILE);
    }

    Path tlsFolder(Organisation org, Enrolment enrolment) {
        return identity(org, enrolment).resolve("tls");
    }

    /** {@code server.crt} for the node's identities, {@code client.crt} for users. */
    Path tlsCertificate(Organisation org, Enrolment enrolment) {
        return tlsFolder(org, enrolment).resolve(tlsSide(enrolment) + ".crt");
    }

    Path tlsKey(Organisation org, Enrolment enrolment) {
        return tlsFolder(org, enrolment).resolve(tlsSide(enrolment) + ".key");
    }

    Path tlsRoot(Organisation org, Enrolment enrolment) {
        return tlsFolder(org, enrolment).resolve("ca.crt");
    }

    static String caCertificateName(Organisation org) {
        return "ca." + org.domain() + "-cert.pem";
    }

    static String tlsCaCertificateName(Organisation org) {
        return "tlsca." + org.domain() + "-cert.pem";
    }

    /** Users are named by their enrolment ID, as fabric-ca names them; nodes by their host name. */
    static String commonName(Organisation org, Enrolment enrolment) {
        return enrolment.isNode() ? nodeName(org, enrolment) : enrolment.name();
    }

    static String nodeName(Organisation org, Enrolment enrolment) {
        return enrolment.name() + "." + org.domain();
    }

    private static String tlsSide(Enrolment enrolment) {
        return enrolment.isNode() ? "server" : "client";
    }
}
