package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Orderers;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.orderer.ConsensusType;

/**
 * What a channel configuration block declares that a proof bundle's checks rest on: for each
 * organisation of the Application and Orderer groups, its MSP id and root CA certificates (the
 * certificate authorities identities must chain to); the configuration's sequence number (each
 * config update adds one); and how blocks are signed: the orderer group's {@code ConsensusType}
 * and, for SmartBFT ({@code "BFT"}), the consenter set of its {@code Orderers} value.
 *
 * <pre>{@code
 * ChannelConfig config = ChannelConfig.of(genesisBlock);
 * List<X509Certificate> financeCas = config.rootCertificates().get("FinanceOrgMSP");
 * if (config.bft()) {
 *     int needed = config.consenters().quorum();
 * }
 * }</pre>
 *
 * @param channelId        the channel the block configures
 * @param sequence         {@code Config.sequence}: 0 for the genesis block, one more for each update
 * @param consensusType    the orderer group's {@code ConsensusType.type}: {@code etcdraft}, {@code solo}, {@code BFT}
 * @param rootCertificates MSP id → its root CA certificates
 * @param consenters       the SmartBFT consenters; empty unless {@link #bft()}
 */
public record ChannelConfig(
        String channelId,
        long sequence,
        String consensusType,
        Map<String, List<X509Certificate>> rootCertificates,
        ConsenterSet consenters) {

    /** Fabric's name for SmartBFT ordering in {@code ConsensusType.type}. */
    public static final String BFT = "BFT";

    /** Whether blocks of this channel are signed by a quorum of consenters (SmartBFT) rather than one orderer. */
    public boolean bft() {
        return BFT.equals(consensusType);
    }

    /** Whether the block holds a configuration transaction (its one envelope is of type CONFIG). */
    public static boolean isConfigBlock(FabricBlock block) {
        try {
            return block.envelopes().size() == 1
                    && FabricTransaction.typeOf(block.envelopes().get(0)) == HeaderType.CONFIG_VALUE;
        } catch (MalformedLedgerData e) {
            return false;
        }
    }

    /** @throws MalformedLedgerData when the block holds no single CONFIG envelope with MSP definitions */
    public static ChannelConfig of(FabricBlock block) throws MalformedLedgerData {
        if (block.envelopes().size() != 1) {
            throw new MalformedLedgerData("a config block holds one envelope; block " + block.number() + " holds "
                    + block.envelopes().size());
        }
        try {
            Payload payload = Payload.parseFrom(
                    Envelope.parseFrom(block.envelopes().get(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new MalformedLedgerData("block " + block.number() + " is not a config block");
            }
            Config config = ConfigEnvelope.parseFrom(payload.getData()).getConfig();
            ConfigGroup channel = config.getChannelGroup();
            Map<String, List<X509Certificate>> roots = new TreeMap<>();
            for (String section : List.of("Application", "Orderer")) {
                ConfigGroup group = channel.getGroupsOrDefault(section, ConfigGroup.getDefaultInstance());
                for (Map.Entry<String, ConfigGroup> org : group.getGroupsMap().entrySet()) {
                    ConfigValue msp = org.getValue().getValuesMap().get("MSP");
                    if (msp != null) {
                        FabricMSPConfig fabric = FabricMSPConfig.parseFrom(
                                MSPConfig.parseFrom(msp.getValue()).getConfig());
                        roots.put(fabric.getName(), certificates(fabric.getRootCertsList()));
                    }
                }
            }
            ConfigGroup orderer = channel.getGroupsOrDefault("Orderer", ConfigGroup.getDefaultInstance());
            ConfigValue consensus = orderer.getValuesMap().get("ConsensusType");
            String consensusType = consensus == null
                    ? ""
                    : ConsensusType.parseFrom(consensus.getValue()).getType();
            ConsenterSet consenters = ConsenterSet.none();
            if (BFT.equals(consensusType)) {
                consenters = consenters(block.number(), orderer.getValuesMap().get("Orderers"));
            }
            return new ChannelConfig(header.getChannelId(), config.getSequence(), consensusType, roots, consenters);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("config block does not parse: " + e.getMessage(), e);
        }
    }

    /** The {@code Orderers} value (Fabric 3's consenter mapping) of a BFT orderer group. */
    private static ConsenterSet consenters(long blockNumber, ConfigValue value)
            throws MalformedLedgerData, InvalidProtocolBufferException {
        if (value == null) {
            throw new MalformedLedgerData("config block " + blockNumber + " orders by BFT but its orderer group has no "
                    + "Orderers value (the consenter mapping)");
        }
        List<Consenter> members = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        for (org.hyperledger.fabric.protos.common.Consenter consenter :
                Orderers.parseFrom(value.getValue()).getConsenterMappingList()) {
            long id = Integer.toUnsignedLong(consenter.getId());
            if (!ids.add(id)) {
                throw new MalformedLedgerData("config block " + blockNumber + " lists consenter id " + id + " twice");
            }
            X509Certificate certificate;
            try {
                List<X509Certificate> pem = consenter.getIdentity().isValidUtf8()
                        ? Pem.certificates(consenter.getIdentity().toStringUtf8())
                        : List.of();
                if (pem.size() != 1) {
                    throw new MalformedLedgerData("the identity of consenter " + id + " in config block " + blockNumber
                            + " is not one PEM certificate");
                }
                certificate = pem.get(0);
            } catch (ProtocolException e) {
                throw new MalformedLedgerData(
                        "the identity of consenter " + id + " in config block " + blockNumber + " does not parse: "
                                + e.getMessage(),
                        e);
            }
            members.add(new Consenter(
                    id,
                    consenter.getHost() + ":" + consenter.getPort(),
                    new FabricIdentity(consenter.getMspId(), certificate)));
        }
        if (members.isEmpty()) {
            throw new MalformedLedgerData("config block " + blockNumber + " orders by BFT with no consenter");
        }
        return new ConsenterSet(members);
    }

    private static List<X509Certificate> certificates(List<ByteString> pems) throws MalformedLedgerData {
        List<X509Certificate> certificates = new ArrayList<>();
        for (ByteString pem : pems) {
            try {
                certificates.addAll(Pem.certificates(pem.toStringUtf8()));
            } catch (ProtocolException e) {
                throw new MalformedLedgerData("a root certificate of the channel configuration does not parse", e);
            }
        }
        return List.copyOf(certificates);
    }
}
