package io.fapiao.proof;

import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricIdentity;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateTrust;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether a Fabric identity (an orderer, a consenter, a client, an endorsing peer) is one the channel
 * configuration in force trusts: issued by a root CA the configuration declares for its MSP, valid at
 * the time it acted, and, where a role is required, of that NodeOU.
 *
 * <pre>{@code
 * Optional<String> problem = IdentityTrust.problem(endorser, tx.timestamp(), "peer", config);
 * }</pre>
 */
final class IdentityTrust {

    /** Why an identity of a block whose configuration could not be established is not trusted. */
    static final String NOT_GOVERNED = "the configuration in force at this block is not established (see its "
            + "governingConfig check), so its organisations' CAs are unknown";

    private IdentityTrust() {}

    /**
     * Why {@code identity} is not trusted at {@code at} under {@code config} (empty when it is): issued by a
     * root CA the configuration declares for its MSP, valid then, and of the NodeOU {@code requiredUnit}.
     */
    static Optional<String> problem(FabricIdentity identity, Instant at, String requiredUnit, ChannelConfig config) {
        List<X509Certificate> cas = config.rootCertificates().get(identity.mspId());
        if (cas == null || cas.isEmpty()) {
            return Optional.of(identity.mspId() + " is not an organisation of the channel's configuration");
        }
        try {
            CertificateTrust.of(cas).check(identity.certificate(), at);
        } catch (ProtocolException e) {
            return Optional.of(e.getMessage());
        }
        if (requiredUnit != null && !identity.organisationalUnits().contains(requiredUnit)) {
            return Optional.of("the certificate of " + identity + " is not an " + requiredUnit + " certificate (no OU="
                    + requiredUnit + ")");
        }
        return Optional.empty();
    }

    /** {@link #problem} under the configuration in force, or {@link #NOT_GOVERNED} when there is none. */
    static Optional<String> problem(
            FabricIdentity identity, Instant at, String requiredUnit, Optional<ChannelConfig> config) {
        return config.isEmpty() ? Optional.of(NOT_GOVERNED) : problem(identity, at, requiredUnit, config.get());
    }
}
