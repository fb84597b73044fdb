package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;

/**
 * The membership a channel configuration block declares: for each organisation of the Application
 * and Orderer groups, its MSP id and root CA certificates. These are the certificate authorities a
 * proof bundle's identities must chain to.
 *
 * <pre>{@code
 * ChannelConfig config = ChannelConfig.of(genesisBlock);
 * List<X509Certificate> financeCas = config.rootCertificates().get("FinanceOrgMSP");
 * }</pre>
 */
public record ChannelConfig(String channelId, Map<String, List<X509Certificate>> rootCertificates) {

    /** @throws MalformedLedgerData when the block holds no single CONFIG envelope with MSP definitions */
    public static ChannelConfig of(FabricBlock block) throws MalformedLedgerData {
        if (block.envelopes().size() != 1) {
            throw new MalformedLedgerData("a config block holds one envelope; block " + block.number() + " holds "
                    + block.envelopes().size());
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.envelopes().get(0)).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            if (header.getType() != HeaderType.CONFIG_VALUE) {
                throw new MalformedLedgerData("block " + block.number() + " is not a config block");
            }
            ConfigGroup channel = ConfigEnvelope.parseFrom(payload.getData()).getConfig().getChannelGroup();
            Map<String, List<X509Certificate>> roots = new TreeMap<>();
            for (String section : List.of("Application", "Orderer")) {
                ConfigGroup group = channel.getGroupsOrDefault(section, ConfigGroup.getDefaultInstance());
                for (Map.Entry<String, ConfigGroup> org : group.getGroupsMap().entrySet()) {
                    ConfigValue msp = org.getValue().getValuesMap().get("MSP");
                    if (msp != null) {
                        FabricMSPConfig fabric = FabricMSPConfig.parseFrom(MSPConfig.parseFrom(msp.getValue()).getConfig());
                        roots.put(fabric.getName(), certificates(fabric.getRootCertsList()));
                    }
                }
            }
            return new ChannelConfig(header.getChannelId(), roots);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("config block does not parse: " + e.getMessage(), e);
        }
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
