package io.fapiao.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.fapiao.proof.fabric.BlockHash;
import io.fapiao.proof.fabric.BlockSignature;
import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.MalformedLedgerData;
import java.io.InputStream;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Consenter;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.Orderers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The readers under the BFT rule, one structure at a time: {@link FabricBlock#signatures()} in both
 * of Fabric's forms and what it refuses, {@link FabricBlock#lastConfigIndex()}, and the consenter
 * set {@link ChannelConfig} reads from a BFT configuration.
 */
class BftBlockReadingTest {

    private static BftChannel channel;
    private static Block genesis;
    private static Block step;

    @BeforeAll
    static void channel() throws Exception {
        try (InputStream in = BftBlockReadingTest.class.getResourceAsStream("proof-bundle.json")) {
            channel = new BftChannel(ProofBundle.fromJson(in.readAllBytes()), 4);
        }
        genesis = channel.genesis(channel.consenters(1, 2, 3, 4));
        step = channel.recordedBlocks().get(0);
    }

    private static FabricBlock parse(Block block) throws MalformedLedgerData {
        return FabricBlock.parse(block.toByteArray());
    }

    @Test
    void consenterSignaturesAreReadWithTheBytesSmartBftSigns() throws Exception {
        FabricBlock block = parse(channel.signed(step, 7, channel.consenters(3, 1)));
        assertThat(block.lastConfigIndex()).isEqualTo(7);
        List<BlockSignature> signatures = block.signatures();
        assertThat(signatures).hasSize(2).allSatisfy(s -> assertThat(s).isInstanceOf(BlockSignature.ByConsenter.class));
        BlockSignature.ByConsenter first = (BlockSignature.ByConsenter) signatures.get(0);
        assertThat(first.consenterId()).isEqualTo(3);
        ChannelConfig config = ChannelConfig.of(parse(genesis));
        assertThat(first.validFor(config.consenters().find(3).orElseThrow())).isTrue();
        assertThat(first.validFor(config.consenters().find(1).orElseThrow())).isFalse();
        // value ‖ identifier header ‖ DER header
        Metadata metadata = Metadata.parseFrom(block.block().getMetadata().getMetadata(0));
        assertThat(first.signedBytes())
                .isEqualTo(metadata.getValue()
                        .concat(metadata.getSignatures(0).getIdentifierHeader())
                        .concat(ByteString.copyFrom(BlockHash.headerBytes(block.header()))));
    }

    @Test
    void theOneOrdererFormIsReadAsBefore() throws Exception {
        FabricBlock block = parse(channel.signedWithHeader(step, 0, channel.member(2)));
        BlockSignature only = block.signatures().get(0);
        assertThat(only).isInstanceOfSatisfying(BlockSignature.ByCreator.class, c -> {
            assertThat(c.creator().mspId()).isEqualTo(BftChannel.ORDERER_MSP);
            assertThat(c.valid()).isTrue();
        });
    }

    @Test
    void aSignatureWithBothHeadersOrNeitherIsMalformed() throws Exception {
        Metadata signed = Metadata.parseFrom(
                channel.signed(step, 0, channel.consenters(1)).getMetadata().getMetadata(0));
        MetadataSignature one = signed.getSignatures(0);
        Block both = BftChannel.withSignatures(
                step,
                signed.toBuilder()
                        .setSignatures(0, one.toBuilder().setSignatureHeader(ByteString.copyFromUtf8("x")))
                        .build());
        Block neither = BftChannel.withSignatures(
                step,
                signed.toBuilder()
                        .setSignatures(0, one.toBuilder().clearIdentifierHeader())
                        .build());
        assertThatThrownBy(() -> parse(both).signatures())
                .isInstanceOf(MalformedLedgerData.class)
                .hasMessageContaining("both a signature header and an identifier header");
        assertThatThrownBy(() -> parse(neither).signatures())
                .isInstanceOf(MalformedLedgerData.class)
                .hasMessageContaining("neither");
    }

    @Test
    void aBlockWithoutSignedOrdererMetadataNamesNoConfig() throws Exception {
        Block unsigned = BftChannel.withSignatures(step, Metadata.getDefaultInstance());
        assertThatThrownBy(() -> parse(unsigned).lastConfigIndex())
                .isInstanceOf(MalformedLedgerData.class)
                .hasMessageContaining("no orderer block metadata");
    }

    @Test
    void theConsenterSetIsTheOrderersValue() throws Exception {
        ChannelConfig config = ChannelConfig.of(parse(genesis));
        assertThat(config.bft()).isTrue();
        assertThat(config.consensusType()).isEqualTo("BFT");
        assertThat(config.sequence()).isZero();
        assertThat(config.consenters().ids()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(config.consenters().quorum()).isEqualTo(3);
        assertThat(config.consenters().find(2).orElseThrow().identity().certificate())
                .isEqualTo(channel.member(2).identity().certificate());
        assertThat(config.consenters().find(2).orElseThrow().endpoint()).isEqualTo("orderer2.fapiao.local:7050");
        assertThat(config.rootCertificates()).containsKey(BftChannel.ORDERER_MSP);
    }

    @Test
    void aBftConfigurationWithoutConsentersOrWithARepeatedIdIsMalformed() throws Exception {
        var config = channel.config(0, channel.consenters(1, 2, 3, 4), false);
        ConfigGroup orderer = config.getChannelGroup().getGroupsOrThrow("Orderer");
        Orderers orderers =
                Orderers.parseFrom(orderer.getValuesOrThrow("Orderers").getValue());
        Orderers repeated = orderers.toBuilder()
                .setConsenterMapping(
                        3, orderers.getConsenterMapping(3).toBuilder().setId(1))
                .build();
        assertThatThrownBy(() -> ChannelConfig.of(parse(genesisWith(orderer.toBuilder()
                        .putValues(
                                "Orderers",
                                ConfigValue.newBuilder()
                                        .setValue(repeated.toByteString())
                                        .build())
                        .build()))))
                .isInstanceOf(MalformedLedgerData.class)
                .hasMessageContaining("lists consenter id 1 twice");
        assertThatThrownBy(() -> ChannelConfig.of(parse(
                        genesisWith(orderer.toBuilder().removeValues("Orderers").build()))))
                .isInstanceOf(MalformedLedgerData.class)
                .hasMessageContaining("no Orderers value");
        Orderers notPem = orderers.toBuilder()
                .setConsenterMapping(
                        0,
                        Consenter.newBuilder(orderers.getConsenterMapping(0))
                                .setIdentity(ByteString.copyFromUtf8("not a certificate")))
                .build();
        assertThatThrownBy(() -> ChannelConfig.of(parse(genesisWith(orderer.toBuilder()
                        .putValues(
                                "Orderers",
                                ConfigValue.newBuilder()
                                        .setValue(notPem.toByteString())
                                        .build())
                        .build()))))
                .isInstanceOf(MalformedLedgerData.class)
                .hasMessageContaining("consenter 1");
    }

    /** The genesis block with another orderer group. */
    private static Block genesisWith(ConfigGroup orderer) throws Exception {
        var envelope = org.hyperledger.fabric.protos.common.Envelope.parseFrom(
                genesis.getData().getData(0));
        var payload = org.hyperledger.fabric.protos.common.Payload.parseFrom(envelope.getPayload());
        var configEnvelope = org.hyperledger.fabric.protos.common.ConfigEnvelope.parseFrom(payload.getData());
        var config = configEnvelope.getConfig().toBuilder()
                .setChannelGroup(
                        configEnvelope.getConfig().getChannelGroup().toBuilder().putGroups("Orderer", orderer))
                .build();
        var changed = envelope.toBuilder()
                .setPayload(payload.toBuilder()
                        .setData(configEnvelope.toBuilder()
                                .setConfig(config)
                                .build()
                                .toByteString())
                        .build()
                        .toByteString())
                .build();
        return genesis.toBuilder()
                .setData(genesis.getData().toBuilder().setData(0, changed.toByteString()))
                .build();
    }
}
