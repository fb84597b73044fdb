package io.fapiao.ledger.client.provenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.Payload;
import org.junit.jupiter.api.Test;

/**
 * Which config blocks a bundle gets, on a synthetic channel of 15 blocks whose configuration was
 * updated twice: config blocks 0, 5 and 10, every other block naming the config block before it.
 */
class ConfigBlocksTest {

    private final Map<Long, FabricBlock> ledger = new TreeMap<>();
    private final List<Long> reads = new ArrayList<>();

    ConfigBlocksTest() throws Exception {
        long lastConfig = 0;
        long sequence = 0;
        for (long n = 0; n < 15; n++) {
            boolean config = n % 5 == 0;
            if (config) {
                lastConfig = n;
            }
            ledger.put(n, block(n, config ? sequence++ : -1, lastConfig));
        }
    }

    private List<Long> needed(long... held) throws Exception {
        Map<Long, FabricBlock> bundle = new TreeMap<>();
        for (long n : held) {
            bundle.put(n, ledger.get(n));
        }
        List<ChannelConfig> configs = ConfigBlocks.addTo(bundle, n -> {
            reads.add(n);
            return ledger.get(n);
        });
        assertThat(configs)
                .extracting(ChannelConfig::sequence)
                .isEqualTo(java.util.stream.LongStream.range(0, configs.size())
                        .boxed()
                        .toList());
        return List.copyOf(bundle.keySet());
    }

    @Test
    void stepBlocksGetTheirConfigBlockAndEveryOneBeforeIt() throws Exception {
        assertThat(needed(0, 12)).containsExactly(0L, 5L, 10L, 12L);
        assertThat(needed(0, 7, 8)).containsExactly(0L, 5L, 7L, 8L);
        assertThat(needed(0, 3, 13)).containsExactly(0L, 3L, 5L, 10L, 13L);
    }

    @Test
    void onAChannelNeverUpdatedOnlyTheGenesisBlockIsAdded() throws Exception {
        assertThat(needed(2, 3)).containsExactly(0L, 2L, 3L);
        assertThat(reads).containsExactly(0L);
    }

    @Test
    void aLastConfigThatIsNoConfigBlockIsAnInconsistentLedger() throws Exception {
        ledger.put(13L, block(13, -1, 12));
        assertThatThrownBy(() -> needed(0, 13))
                .isInstanceOf(ProvenanceException.class)
                .hasMessageContaining("block 12 is named as a configuration block but is none");
    }

    /** Block {@code n}: a config block of {@code sequence} when it is not negative, else a transaction. */
    private static FabricBlock block(long n, long sequence, long lastConfig) throws Exception {
        ChannelHeader header = ChannelHeader.newBuilder()
                .setChannelId("fapiao")
                .setTxId("tx" + n)
                .setType(sequence >= 0 ? HeaderType.CONFIG_VALUE : HeaderType.ENDORSER_TRANSACTION_VALUE)
                .build();
        Payload.Builder payload =
                Payload.newBuilder().setHeader(Header.newBuilder().setChannelHeader(header.toByteString()));
        if (sequence >= 0) {
            payload.setData(ConfigEnvelope.newBuilder()
                    .setConfig(Config.newBuilder().setSequence(sequence))
                    .build()
                    .toByteString());
        }
        Envelope envelope =
                Envelope.newBuilder().setPayload(payload.build().toByteString()).build();
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        metadata.addMetadata(Metadata.newBuilder()
                .setValue(OrdererBlockMetadata.newBuilder()
                        .setLastConfig(LastConfig.newBuilder().setIndex(lastConfig))
                        .build()
                        .toByteString())
                .build()
                .toByteString());
        for (int i = 1; i < 5; i++) {
            metadata.addMetadata(com.google.protobuf.ByteString.EMPTY);
        }
        Block block = Block.newBuilder()
                .setHeader(BlockHeader.newBuilder().setNumber(n))
                .setData(BlockData.newBuilder().addData(envelope.toByteString()))
                .setMetadata(metadata)
                .build();
        return FabricBlock.parse(block.toByteArray());
    }
}
