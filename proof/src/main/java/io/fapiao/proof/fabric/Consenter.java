package io.fapiao.proof.fabric;

/**
 * One ordering node of a SmartBFT channel, as the channel configuration's {@code Orderers} value
 * lists it ({@code common.Consenter}): its consenter id, endpoint, organisation and signing identity.
 * Blocks name it by id; the identity is what its signatures verify under.
 *
 * <pre>{@code
 * Consenter consenter = config.consenters().find(signature.consenterId()).orElseThrow();
 * boolean signed = signature.validFor(consenter);
 * }</pre>
 *
 * @param id       the consenter id (Fabric's uint32), as an unsigned value
 * @param endpoint {@code host:port} of the node, for people reading a report
 * @param identity the consenter's MSP id and signing certificate (the {@code identity} PEM)
 */
public record Consenter(long id, String endpoint, FabricIdentity identity) {

    public String mspId() {
        return identity.mspId();
    }

    @Override
    public String toString() {
        return "consenter " + id + " (" + endpoint + ", " + identity + ")";
    }
}
