package io.fapiao.ledger.block;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.proof.fabric.ProposalDigests;
import io.fapiao.protocol.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.hyperledger.fabric.protos.common.BlockDataHashingStructure;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HashingAlgorithm;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.FabricCryptoConfig;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.FabricNodeOUs;
import org.hyperledger.fabric.protos.msp.FabricOUIdentifier;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.orderer.BatchSize;
import org.hyperledger.fabric.protos.orderer.BatchTimeout;
import org.hyperledger.fabric.protos.orderer.ConsensusType;

/**
 * The channel's genesis transaction: a {@code CONFIG} envelope whose {@code ConfigEnvelope} names the
 * organisations (each with its Fabric MSP configuration: CA certificates, node OUs), the orderer's
 * batch settings and the hashing algorithm, signed by the node's orderer identity. It is block 0 of
 * the ledger; the node never accepts config updates after it.
 *
 * <pre>{@code
 * ByteString genesisTx = ChannelGenesis.transaction("fapiao", orgs, orderer, cutting);
 * }</pre>
 */
public final class ChannelGenesis {

    private ChannelGenesis() {}

    public static ByteString transaction(
            String channel,
            List<Organization> organizations,
            SigningIdentity orderer,
            int maxMessageCount,
            int absoluteMaxBytes,
            int preferredMaxBytes,
            String batchTimeout) {
        ConfigGroup.Builder application = ConfigGroup.newBuilder().setModPolicy("Admins");
        ConfigGroup.Builder ordering = ConfigGroup.newBuilder()
                .setModPolicy("Admins")
                .putValues(
                        "ConsensusType",
                        value(ConsensusType.newBuilder()
                                .setType("etcdraft")
                                .build()
                                .toByteString()))
                .putValues(
                        "BatchSize",
                        value(BatchSize.newBuilder()
                                .setMaxMessageCount(maxMessageCount)
                                .setAbsoluteMaxBytes(absoluteMaxBytes)
                                .setPreferredMaxBytes(preferredMaxBytes)
                                .build()
                                .toByteString()))
                .putValues(
                        "BatchTimeout",
                        value(BatchTimeout.newBuilder()
                                .setTimeout(batchTimeout)
                                .build()
                                .toByteString()));
        for (Organization org : organizations) {
            ConfigGroup group = ConfigGroup.newBuilder()
                    .setModPolicy("Admins")
                    .putValues("MSP", value(msp(org).toByteString()))
                    .build();
            if (org.mspId().equals(orderer.mspId())) {
                ordering.putGroups(org.mspId(), group);
            } else {
                application.putGroups(org.mspId(), group);
            }
        }
        Config config = Config.newBuilder()
                .setSequence(0)
                .setChannelGroup(ConfigGroup.newBuilder()
                        .setModPolicy("Admins")
                        .putGroups("Application", application.build())
                        .putGroups("Orderer", ordering.build())
                        .putValues(
                                "HashingAlgorithm",
                                value(HashingAlgorithm.newBuilder()
                                        .setName("SHA256")
                                        .build()
                                        .toByteString()))
                        .putValues(
                                "BlockDataHashingStructure",
                                value(BlockDataHashingStructure.newBuilder()
                                        .setWidth(0xFFFFFFFF)
                                        .build()
                                        .toByteString())))
                .build();
        byte[] nonce = new byte[24];
        new SecureRandom().nextBytes(nonce);
        ByteString creator = orderer.serialized();
        Instant now = Instant.now();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.CONFIG_VALUE)
                .setChannelId(channel)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setTxId(ProposalDigests.txId(ByteString.copyFrom(nonce), creator))
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(SignatureHeader.newBuilder()
                                .setCreator(creator)
                                .setNonce(ByteString.copyFrom(nonce))
                                .build()
                                .toByteString()))
                .setData(ConfigEnvelope.newBuilder().setConfig(config).build().toByteString())
                .build();
        ByteString payloadBytes = payload.toByteString();
        return Envelope.newBuilder()
                .setPayload(payloadBytes)
                .setSignature(ByteString.copyFrom(orderer.sign(payloadBytes.toByteArray())))
                .build()
                .toByteString();
    }

    private static MSPConfig msp(Organization org) {
        FabricMSPConfig.Builder fabric = FabricMSPConfig.newBuilder()
                .setName(org.mspId())
                .setCryptoConfig(FabricCryptoConfig.newBuilder()
                        .setSignatureHashFamily("SHA2")
                        .setIdentityIdentifierHashFunction("SHA256"))
                .setFabricNodeOus(FabricNodeOUs.newBuilder()
                        .setEnable(true)
                        .setClientOuIdentifier(ou("client"))
                        .setPeerOuIdentifier(ou("peer"))
                        .setAdminOuIdentifier(ou("admin"))
                        .setOrdererOuIdentifier(ou("orderer")));
        for (X509Certificate ca : org.rootCertificates()) {
            fabric.addRootCerts(ByteString.copyFrom(Pem.certificate(ca), StandardCharsets.UTF_8));
        }
        for (X509Certificate ca : org.tlsRootCertificates()) {
            fabric.addTlsRootCerts(ByteString.copyFrom(Pem.certificate(ca), StandardCharsets.UTF_8));
        }
        return MSPConfig.newBuilder()
                .setType(0)
                .setConfig(fabric.build().toByteString())
                .build();
    }

    private static FabricOUIdentifier ou(String name) {
        return FabricOUIdentifier.newBuilder()
                .setOrganizationalUnitIdentifier(name)
                .build();
    }

    private static ConfigValue value(ByteString bytes) {
        return ConfigValue.newBuilder().setModPolicy("Admins").setValue(bytes).build();
    }
}
