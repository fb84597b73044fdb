package io.fapiao.service.security;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The callers a service registers ({@link ClientRoster}) and what their certificates are checked
 * against on every request ({@link ClientCertificates}).
 *
 * <pre>{@code
 * fapiao.security.client-authorities=/etc/fapiao/consortium/hospital-ca.pem
 * fapiao.security.client-crls=/etc/fapiao/consortium/hospital/msp/crls
 * fapiao.security.clients[0].name=his-main
 * fapiao.security.clients[0].certificate=/etc/fapiao/clients/his-main.pem
 * fapiao.security.clients[0].roles=his
 * fapiao.security.clients[0].submitters=12350100MB0000001X,12350100MB0000002Y
 * }</pre>
 *
 * @param clients           the registered clients (none: every protected route is refused)
 * @param clientAuthorities PEM files or folders of the CAs a client certificate must chain to
 * @param clientCrls        revocation lists of those CAs (files or folders, read again when they change)
 * @param allowStaleCrls    use a list past its nextUpdate, with a warning, instead of refusing callers
 */
@ConfigurationProperties("fapiao.security")
public record ClientSettings(
        List<Client> clients, List<Path> clientAuthorities, List<Path> clientCrls, boolean allowStaleCrls) {

    /** Where the settings live, for messages. */
    public static final String PREFIX = "fapiao.security";

    public ClientSettings {
        clients = clients == null ? List.of() : List.copyOf(clients);
        clientAuthorities = clientAuthorities == null ? List.of() : List.copyOf(clientAuthorities);
        clientCrls = clientCrls == null ? List.of() : List.copyOf(clientCrls);
    }

    /**
     * One registered client.
     *
     * @param name        a name for people and logs (defaults to the certificate's subject)
     * @param certificate PEM file of its certificate
     * @param roles       what it may do; each service names the roles it knows
     * @param submitters  the submitters (USCCs) whose bills it acts for, where a service scopes by submitter
     * @param active      false to keep it configured but refused
     */
    public record Client(
            String name,
            Path certificate,
            List<String> roles,
            List<String> submitters,
            @DefaultValue("true") boolean active) {

        public Client {
            roles = roles == null ? List.of() : List.copyOf(roles);
            submitters = submitters == null ? List.of() : List.copyOf(submitters);
        }
    }
}
