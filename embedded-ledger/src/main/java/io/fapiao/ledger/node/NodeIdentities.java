package io.fapiao.ledger.node;

import io.fapiao.ledger.block.Organization;
import io.fapiao.ledger.msp.Membership;
import io.fapiao.ledger.msp.SigningIdentity;
import java.nio.file.Path;
import java.util.List;

/**
 * The node's trust and keys: the consortium's membership, the peer identity that signs endorsements,
 * the orderer identity that signs blocks, the organisations named in the genesis block, and the TLS
 * server certificate chain and key (PEM files; ignored when TLS is off).
 *
 * <pre>{@code
 * NodeIdentities ids = new NodeIdentities(membership, peer, orderer, orgs, tlsChain, tlsKey);
 * }</pre>
 */
public record NodeIdentities(
        Membership membership,
        SigningIdentity peer,
        SigningIdentity orderer,
        List<Organization> organizations,
        Path tlsCertificateChain,
        Path tlsPrivateKey) {

    public NodeIdentities {
        organizations = List.copyOf(organizations);
    }
}
