package io.fapiao.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link LedgerBlocks} through qscc on a real embedded node over TLS gRPC. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LedgerBlocksTest {

    @TempDir
    static Path dir;

    static EmbeddedNode node;
    static Ledger ledger;
    static LedgerBlocks blocks;

    @BeforeAll
    static void start() throws Exception {
        Consortium consortium = ConsortiumGenerator.openOrCreate(dir.resolve("crypto"));
        node = EmbeddedNode.start(consortium, dir.resolve("data"));
        ledger = Ledger.connect(node.settings("AuditorOrgMSP", "auditor1").build());
        blocks = new LedgerBlocks(ledger);
    }

    @AfterAll
    static void stop() throws Exception {
        ledger.close();
        node.close();
    }

    @Test
    void readsTheBlockAndTransactionOfACommit() throws Exception {
        Committed put = ledger.submit("ledgertest:Put", "audited", "yes");
        Block block = blocks.blockOf(put.transactionId());
        assertThat(block.getHeader().getNumber()).isEqualTo(put.blockNumber());
        assertThat(blocks.block(put.blockNumber())).isEqualTo(block);
        assertThat(block.toByteArray())
                .isEqualTo(node.ledger().block(put.blockNumber()).toByteArray());

        ProcessedTransaction tx = blocks.transaction(put.transactionId());
        assertThat(tx.getValidationCode()).isEqualTo(TxValidationCode.VALID_VALUE);
        ChannelHeader header = ChannelHeader.parseFrom(
                Payload.parseFrom(tx.getTransactionEnvelope().getPayload())
                        .getHeader()
                        .getChannelHeader());
        assertThat(header.getTxId()).isEqualTo(put.transactionId());

        BlockchainInfo info = blocks.chainInfo();
        assertThat(info.getHeight()).isGreaterThan(put.blockNumber());
    }

    @Test
    void genesisIsTheConfigBlock() throws Exception {
        Block genesis = blocks.block(0);
        ChannelHeader header =
                ChannelHeader.parseFrom(Payload.parseFrom(org.hyperledger.fabric.protos.common.Envelope.parseFrom(
                                        genesis.getData().getData(0))
                                .getPayload())
                        .getHeader()
                        .getChannelHeader());
        assertThat(header.getType()).isEqualTo(HeaderType.CONFIG_VALUE);
    }

    @Test
    void absentBlocksAndTransactionsAreNotOnLedger() throws Exception {
        long height = blocks.chainInfo().getHeight();
        assertThat(catchThrowableOfType(NotOnLedger.class, () -> blocks.block(height + 100))
                        .getMessage())
                .contains("no such block number [" + (height + 100) + "] in index");
        assertThat(catchThrowableOfType(NotOnLedger.class, () -> blocks.blockOf("nope"))
                        .getMessage())
                .isEqualTo("Failed to get block for txID nope, error no such transaction ID [nope] in index");
        assertThat(catchThrowableOfType(NotOnLedger.class, () -> blocks.transaction("nope")))
                .isNotNull();
        assertThat(catchThrowableOfType(NotOnLedger.class, () -> blocks.block(-1)))
                .isNotNull();
    }
}
