package io.fapiao.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.proof.fabric.BlockHash;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query system chaincode through the unmodified fabric-gateway client, over TLS gRPC on loopback. */
class QueryChaincodeTest {

    @TempDir
    static Path dir;

    static TestNetwork network;
    static LedgerNode node;
    static ManagedChannel channel;
    static Gateway gateway;
    static Contract contract;
    static Contract qscc;

    @BeforeAll
    static void start() throws Exception {
        network = new TestNetwork(dir.resolve("crypto"));
        node = network.start(dir.resolve("data"));
        channel = network.channel(node);
        gateway = network.gateway(channel, network.client, TestNetwork.MSP);
        Network fapiao = gateway.getNetwork("fapiao");
        contract = fapiao.getContract("fapiao", "ledgertest");
        qscc = fapiao.getContract("qscc");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        node.close();
    }

    @Test
    void chainInfoNamesTheLastBlockByItsHeaderHash() throws Exception {
        contract.submitTransaction("Put", "info", "1");
        BlockchainInfo info = BlockchainInfo.parseFrom(qscc.evaluateTransaction("GetChainInfo", "fapiao"));
        Block last = node.ledger().block(info.getHeight() - 1);
        assertThat(info.getHeight()).isGreaterThanOrEqualTo(2);
        assertThat(info.getCurrentBlockHash().toByteArray()).isEqualTo(BlockHash.header(last.getHeader()));
        assertThat(info.getPreviousBlockHash()).isEqualTo(last.getHeader().getPreviousHash());
    }

    @Test
    void blocksAndTransactionsAsStored() throws Exception {
        SubmittedTransaction tx = contract.newProposal("Put")
                .addArguments("q", "v")
                .build()
                .endorse()
                .submitAsync();
        long number = tx.getStatus().getBlockNumber();
        Block stored = node.ledger().block(number);

        byte[] byNumber = qscc.evaluateTransaction("GetBlockByNumber", "fapiao", Long.toString(number));
        assertThat(byNumber).isEqualTo(stored.toByteArray());
        Block block = Block.parseFrom(byNumber);
        assertThat(block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE))
                .isNotEmpty();

        assertThat(qscc.evaluateTransaction("GetBlockByTxID", "fapiao", tx.getTransactionId()))
                .isEqualTo(stored.toByteArray());
    }

    @Test
    void transactionByIdCarriesEnvelopeAndValidationCode() throws Exception {
        SubmittedTransaction tx = contract.newProposal("Put")
                .addArguments("t", "v")
                .build()
                .endorse()
                .submitAsync();
        tx.getStatus();
        ProcessedTransaction processed = ProcessedTransaction.parseFrom(
                qscc.evaluateTransaction("GetTransactionByID", "fapiao", tx.getTransactionId()));
        assertThat(processed.getValidationCode()).isEqualTo(TxValidationCode.VALID_VALUE);
        Envelope envelope = processed.getTransactionEnvelope();
        ChannelHeader header = ChannelHeader.parseFrom(
                Payload.parseFrom(envelope.getPayload()).getHeader().getChannelHeader());
        assertThat(header.getTxId()).isEqualTo(tx.getTransactionId());
        assertThat(header.getType()).isEqualTo(HeaderType.ENDORSER_TRANSACTION_VALUE);
    }

    @Test
    void blockByHashAndLastBlockByMaxUint64() throws Exception {
        contract.submitTransaction("Put", "hash", "1");
        BlockchainInfo info = BlockchainInfo.parseFrom(qscc.evaluateTransaction("GetChainInfo", "fapiao"));
        Block byHash = Block.parseFrom(qscc.evaluateTransaction(
                "GetBlockByHash",
                "fapiao".getBytes(UTF_8),
                info.getCurrentBlockHash().toByteArray()));
        assertThat(byHash.getHeader().getNumber()).isEqualTo(info.getHeight() - 1);
        Block last = Block.parseFrom(qscc.evaluateTransaction("GetBlockByNumber", "fapiao", "18446744073709551615"));
        assertThat(last.getHeader().getNumber()).isGreaterThanOrEqualTo(info.getHeight() - 1);
        assertThat(Block.parseFrom(qscc.evaluateTransaction("GetBlockByNumber", "fapiao", "0"))
                        .getHeader()
                        .getNumber())
                .isZero();
    }

    @Test
    void failuresAreAPeersChaincodeErrors() {
        assertThat(evaluateFailure("GetBlockByNumber", "fapiao", "999999"))
                .isEqualTo("evaluate call to endorser returned error: chaincode response 500, "
                        + "Failed to get block number 999999, error no such block number [999999] in index");
        assertThat(evaluateFailure("GetBlockByNumber", "fapiao", "-1"))
                .endsWith("Failed to parse block number with error strconv.ParseUint: parsing \"-1\": invalid syntax");
        assertThat(evaluateFailure("GetBlockByNumber", "fapiao", "18446744073709551616"))
                .endsWith("strconv.ParseUint: parsing \"18446744073709551616\": value out of range");
        assertThat(evaluateFailure("GetTransactionByID", "fapiao", "nope"))
                .endsWith(
                        "chaincode response 500, Failed to get transaction with id nope, error no such transaction ID "
                                + "[nope] in index");
        assertThat(evaluateFailure("GetBlockByTxID", "fapiao", "nope"))
                .endsWith("Failed to get block for txID nope, error no such transaction ID [nope] in index");
        assertThat(evaluateFailure("GetChainInfo", "other"))
                .endsWith("chaincode response 500, Invalid chain ID, other");
        assertThat(evaluateFailure("GetBlockByNumber", "fapiao")).endsWith("missing 3rd argument for GetBlockByNumber");
        assertThat(evaluateFailure("GetChainInfo")).endsWith("Incorrect number of arguments, 1");
        assertThat(evaluateFailure("Drop", "fapiao", "x"))
                .endsWith("access denied for [Drop][fapiao]: [Unmapped policy for qscc/Drop]");
    }

    @Test
    void anIdentityFromAnUnknownCaIsRefusedBeforeTheQueryRuns() throws Exception {
        CertificateAuthority stranger = CertificateAuthority.create(
                CryptoSuite.INTL,
                "Elsewhere",
                "ca.elsewhere",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Identity outsider = stranger.issue(IdentityProfile.named("mallory").withUnit("client"));
        try (Gateway other = network.gateway(channel, outsider, TestNetwork.MSP)) {
            GatewayException e = catchThrowableOfType(
                    GatewayException.class,
                    () -> other.getNetwork("fapiao").getContract("qscc").evaluateTransaction("GetChainInfo", "fapiao"));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription())
                    .contains("access denied: channel [fapiao] creator org [" + TestNetwork.MSP + "]");
        }
    }

    @Test
    void qsccIsEvaluateOnly() {
        EndorseException e =
                catchThrowableOfType(EndorseException.class, () -> qscc.submitTransaction("GetChainInfo", "fapiao"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    }

    private static String evaluateFailure(String... args) {
        GatewayException e = catchThrowableOfType(
                GatewayException.class,
                () -> qscc.evaluateTransaction(args[0], java.util.Arrays.copyOfRange(args, 1, args.length)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
        return e.getStatus().getDescription();
    }
}
