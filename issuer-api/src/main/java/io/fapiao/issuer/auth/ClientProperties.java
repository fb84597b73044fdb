package io.fapiao.issuer.auth;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The REST clients to register at start-up and what authenticates them.
 *
 * <pre>{@code
 * fapiao.issuer.client-authorities[0]=/etc/fapiao/consortium/issuer-ca.pem
 * fapiao.issuer.clients[0].name=billing-desk
 * fapiao.issuer.clients[0].certificate=/etc/fapiao/clients/billing-desk.pem
 * fapiao.issuer.clients[0].roles=issuer
 * fapiao.issuer.clients[1].name=shop-erp
 * fapiao.issuer.clients[1].certificate=/etc/fapiao/clients/shop-erp.pem
 * fapiao.issuer.clients[1].roles=enterprise
 * fapiao.issuer.clients[1].uscc=91350100M000100Y43
 * }</pre>
 *
 * @param clients the registered clients; the registry follows this list (a client left out is deactivated)
 * @param clientAuthorities PEM files of the consortium CAs a client certificate must chain to
 */
@ConfigurationProperties("fapiao.issuer")
public record ClientProperties(List<Client> clients, List<Path> clientAuthorities) {

    public ClientProperties {
        clients = clients == null ? List.of() : List.copyOf(clients);
        clientAuthorities = clientAuthorities == null ? List.of() : List.copyOf(clientAuthorities);
    }

    /**
     * One configured client.
     *
     * @param name a name for people and logs (defaults to the certificate's subject)
     * @param certificate PEM file of its certificate
     * @param roles {@code issuer}, {@code enterprise}, {@code claimant}
     * @param uscc the seller USCC an enterprise client acts for
     * @param active false to keep the client registered but refused
     */
    public record Client(
            String name,
            Path certificate,
            List<String> roles,
            String uscc,
            @DefaultValue("true") boolean active) {

        public Client {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }
}
