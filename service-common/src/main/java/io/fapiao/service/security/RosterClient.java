package io.fapiao.service.security;

import java.security.cert.X509Certificate;
import java.util.Set;

/**
 * A client registered in a service's configuration ({@link ClientRoster}).
 *
 * @param keyId       its certificate's fingerprint
 * @param name        a name for people and logs
 * @param certificate the registered certificate
 * @param roleNames   its roles, lower case
 * @param submitters  the submitters (USCCs) it acts for
 */
public record RosterClient(
        String keyId, String name, X509Certificate certificate, Set<String> roleNames, Set<String> submitters)
        implements ServiceClient {

    public RosterClient {
        roleNames = Set.copyOf(roleNames);
        submitters = Set.copyOf(submitters);
    }

    @Override
    public String toString() {
        return "RosterClient[" + name + ", keyid " + keyId + ", " + roleNames + "]";
    }
}
