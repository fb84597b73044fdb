package io.fapiao.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fapiao.ledger.msp.Member;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unmodified fabric-gateway Java client against a node on loopback, TLS on. */
class GatewayTest {

    @TempDir
    static Path dir;

    static TestNetwork network;
    static LedgerNode node;
    static ManagedChannel channel;
    static Gateway gateway;
    static Network fapiao;
    static Contract contract;

    @BeforeAll
    static void start() throws Exception {
        network = new TestNetwork(dir.resolve("crypto"));
        node = network.start(dir.resolve("data"));
        channel = network.channel(node);
        gateway = network.gateway(channel, network.client, TestNetwork.MSP);
        fapiao = gateway.getNetwork("fapiao");
        contract = fapiao.getContract("fapiao", "ledgertest");
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        node.close();
    }

    @Test
    void submitThenEvaluate() throws Exception {
        contract.submitTransaction("Put", "greeting", "ni hao");
        assertThat(new String(contract.evaluateTransaction("Get", "greeting"), UTF_8))
                .isEqualTo("ni hao");
        assertThat(contract.evaluateTransaction("Get", "absent")).isEmpty();
    }

    @Test
    void commitStatusReportsBlockAndCode() throws Exception {
        SubmittedTransaction tx = contract.newProposal("Put")
                .addArguments("status", "1")
                .build()
                .endorse()
                .submitAsync();
        org.hyperledger.fabric.client.Status status = tx.getStatus();
        assertThat(status.isSuccessful()).isTrue();
        assertThat(status.getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(node.ledger()
                        .transaction(tx.getTransactionId())
                        .orElseThrow()
                        .blockNumber())
                .isEqualTo(status.getBlockNumber())
                .isPositive();
    }

    @Test
    void deleteRangeCompositeAndPagination() throws Exception {
        for (String k : List.of("r1", "r2", "r3", "r4")) {
            contract.submitTransaction("Put", k, "v" + k);
        }
        contract.submitTransaction("Delete", "r2");
        assertThat(new String(contract.evaluateTransaction("Range", "r1", "r9"), UTF_8))
                .isEqualTo("r1=vr1;r3=vr3;r4=vr4");
        assertThat(new String(contract.evaluateTransaction("Page", "r1", "r9", "2", ""), UTF_8))
                .isEqualTo("r1,r3|r4|2");
        assertThat(new String(contract.evaluateTransaction("Page", "r1", "r9", "2", "r4"), UTF_8))
                .isEqualTo("r4||1");
        contract.submitTransaction("PutComposite", "bill", "b1", "x");
        contract.submitTransaction("PutComposite", "bill", "b2", "y");
        contract.submitTransaction("PutComposite", "billing", "b3", "z");
        assertThat(new String(contract.evaluateTransaction("ByType", "bill"), UTF_8))
                .isEqualTo("b1=x;b2=y");
        // composite keys never show up in simple-key ranges
        assertThat(new String(contract.evaluateTransaction("Range", "", ""), UTF_8))
                .doesNotContain("\u0000bill");
    }

    @Test
    void historyIsNewestFirstWithDeletes() throws Exception {
        String t1 = submit("Put", "h", "one");
        String t2 = submit("Put", "h", "two");
        String t3 = submit("Delete", "h");
        assertThat(new String(contract.evaluateTransaction("History", "h"), UTF_8))
                .isEqualTo(t3 + ":<deleted>;" + t2 + ":two;" + t1 + ":one");
    }

    @Test
    void contractSeesCallerTransactionAndTransientData() throws Exception {
        Proposal proposal =
                contract.newProposal("Whoami").putTransient("secret", "s3cret").build();
        String[] parts = new String(proposal.evaluate(), UTF_8).split("\\|", -1);
        assertThat(parts[0]).isEqualTo(TestNetwork.MSP);
        assertThat(parts[1]).isEqualTo("fapiao");
        assertThat(parts[2]).isEqualTo(proposal.getTransactionId());
        assertThat(Long.parseLong(parts[3]))
                .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(120L));
        assertThat(parts[4]).isEqualTo("s3cret");
        assertThat(parts[5]).isEqualTo(TestNetwork.MSP);
        assertThat(parts[6]).isEqualTo("true");
        assertThat(parts[7]).isEqualTo("32");
    }

    @Test
    void chaincodeErrorMessageReachesTheClientIntact() {
        EndorseException e = catchThrowableOfType(
                EndorseException.class,
                () -> contract.submitTransaction("Fail", "BILL_CONFLICT", "bill 42 exists with other content"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
        assertThat(e.getStatus().getDescription())
                .isEqualTo("failed to endorse transaction, see attached details for more info");
        assertThat(e.getDetails()).singleElement().satisfies(d -> {
            assertThat(d.getMessage())
                    .isEqualTo("chaincode response 500, BILL_CONFLICT: bill 42 exists with other content");
            assertThat(d.getMspId()).isEqualTo(TestNetwork.MSP);
        });
        GatewayException evaluate = catchThrowableOfType(
                GatewayException.class, () -> contract.evaluateTransaction("Fail", "NOT_FOUND", "no such bill"));
        assertThat(evaluate.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(evaluate.getStatus().getDescription())
                .isEqualTo("evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: no such bill");
    }

    @Test
    void concurrentReadersOfOneKeyConflict() throws Exception {
        contract.submitTransaction("Put", "counter", "0");
        Transaction first = contract.newProposal("Increment")
                .addArguments("counter")
                .build()
                .endorse();
        Transaction second = contract.newProposal("Increment")
                .addArguments("counter")
                .build()
                .endorse();
        SubmittedTransaction a = first.submitAsync();
        SubmittedTransaction b = second.submitAsync();
        assertThat(a.getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(b.getStatus().getCode()).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(new String(contract.evaluateTransaction("Get", "counter"), UTF_8))
                .isEqualTo("1");
        // the invalid transaction stays in its block, marked
        Block block = node.ledger().block(b.getStatus().getBlockNumber());
        int index =
                node.ledger().transaction(b.getTransactionId()).orElseThrow().txNumber();
        assertThat(block.getMetadata()
                        .getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                        .byteAt(index))
                .isEqualTo((byte) TxValidationCode.MVCC_READ_CONFLICT_VALUE);
    }

    @Test
    void phantomInRangeInvalidatesTheScan() throws Exception {
        contract.submitTransaction("Put", "p1", "a");
        Transaction count = contract.newProposal("CountInto")
                .addArguments("p0", "p9", "pcount")
                .build()
                .endorse();
        contract.submitTransaction("Put", "p5", "b");
        CommitException e = catchThrowableOfType(CommitException.class, count::submit);
        assertThat(e.getCode()).isEqualTo(TxValidationCode.PHANTOM_READ_CONFLICT);
    }

    @Test
    void replayedTransactionIsRejected() throws Exception {
        Proposal proposal =
                contract.newProposal("Put").addArguments("replay", "1").build();
        Transaction tx = proposal.endorse();
        tx.submit();
        long committedIn =
                node.ledger().transaction(tx.getTransactionId()).orElseThrow().blockNumber();
        SubmittedTransaction again = tx.submitAsync();
        // As on Fabric, commit status is by tx id and reports the first (valid) one; the replay itself
        // lands in a later block marked DUPLICATE_TXID.
        assertThat(again.getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
        assertThat(duplicateMarkedAfter(committedIn, tx.getTransactionId())).isTrue();
        EndorseException e = catchThrowableOfType(EndorseException.class, proposal::endorse);
        assertThat(e.getDetails())
                .singleElement()
                .satisfies(d -> assertThat(d.getMessage())
                        .startsWith("duplicate transaction found [" + proposal.getTransactionId() + "]"));
    }

    @Test
    void forgedProposalSignatureIsRejected() throws Exception {
        Identity other = network.ca.issue(IdentityProfile.named("mallory").withUnit("client"));
        try (Gateway forged = network.gateway(
                channel, network.client, TestNetwork.MSP, Signers.newPrivateKeySigner(other.privateKey()))) {
            Contract c = forged.getNetwork("fapiao").getContract("fapiao", "ledgertest");
            EndorseException e =
                    catchThrowableOfType(EndorseException.class, () -> c.submitTransaction("Put", "x", "y"));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(e.getDetails())
                    .singleElement()
                    .satisfies(
                            d -> assertThat(d.getMessage())
                                    .isEqualTo(
                                            "error validating proposal: access denied: channel [fapiao] creator org [HospitalOrgMSP]"));
            GatewayException ev = catchThrowableOfType(GatewayException.class, () -> c.evaluateTransaction("Get", "x"));
            assertThat(ev.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(ev.getStatus().getDescription())
                    .isEqualTo(
                            "evaluate call to endorser returned error: "
                                    + "error validating proposal: access denied: channel [fapiao] creator org [HospitalOrgMSP]");
        }
    }

    @Test
    void forgedEnvelopeSignatureIsRefusedByTheOrderer() throws Exception {
        Identity other = network.ca.issue(IdentityProfile.named("mallory").withUnit("client"));
        Signer good = Signers.newPrivateKeySigner(network.client.privateKey());
        Signer bad = Signers.newPrivateKeySigner(other.privateKey());
        AtomicInteger calls = new AtomicInteger();
        // proposal signed correctly, transaction envelope signed by someone else
        Signer switching = digest -> calls.getAndIncrement() == 0 ? good.sign(digest) : bad.sign(digest);
        try (Gateway forged = network.gateway(channel, network.client, TestNetwork.MSP, switching)) {
            Contract c = forged.getNetwork("fapiao").getContract("fapiao", "ledgertest");
            SubmitException e = catchThrowableOfType(SubmitException.class, () -> c.submitTransaction("Put", "f", "g"));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(e.getStatus().getDescription())
                    .isEqualTo(
                            "received unsuccessful response from orderer: "
                                    + "status=FORBIDDEN, info=implicit policy evaluation failed - 0 sub-policies were satisfied, but "
                                    + "this policy requires 1 of the 'Writers' sub-policies to be satisfied: permission denied");
        }
    }

    @Test
    void unknownCaAndUnknownMspAreRejected() throws Exception {
        CertificateAuthority rogue = CertificateAuthority.create(
                CryptoSuite.INTL,
                "HospitalOrg",
                "ca.hospital",
                Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)));
        Identity impostor = rogue.issue(IdentityProfile.named("his").withUnit("client"));
        try (Gateway g = network.gateway(channel, impostor, TestNetwork.MSP)) {
            EndorseException e = catchThrowableOfType(
                    EndorseException.class,
                    () -> g.getNetwork("fapiao")
                            .getContract("fapiao", "ledgertest")
                            .submitTransaction("Put", "a", "b"));
            assertThat(e.getDetails())
                    .singleElement()
                    .satisfies(
                            d -> assertThat(d.getMessage())
                                    .isEqualTo(
                                            "error validating proposal: access denied: channel [fapiao] creator org [HospitalOrgMSP]"));
        }
        try (Gateway g = network.gateway(channel, impostor, "NoSuchOrgMSP")) {
            EndorseException e = catchThrowableOfType(
                    EndorseException.class,
                    () -> g.getNetwork("fapiao")
                            .getContract("fapiao", "ledgertest")
                            .submitTransaction("Put", "a", "b"));
            assertThat(e.getDetails())
                    .singleElement()
                    .satisfies(
                            d -> assertThat(d.getMessage())
                                    .isEqualTo(
                                            "error validating proposal: access denied: channel [fapiao] creator org unknown, creator is malformed"));
        }
    }

    @Test
    void revokedCertificateIsRejected() throws Exception {
        Identity revoked = network.ca.issue(IdentityProfile.named("fired").withUnit("client"));
        network.membership.revoke(revoked.certificate());
        try (Gateway g = network.gateway(channel, revoked, TestNetwork.MSP)) {
            EndorseException e = catchThrowableOfType(
                    EndorseException.class,
                    () -> g.getNetwork("fapiao")
                            .getContract("fapiao", "ledgertest")
                            .submitTransaction("Put", "a", "b"));
            assertThat(e.getDetails())
                    .singleElement()
                    .satisfies(
                            d -> assertThat(d.getMessage())
                                    .isEqualTo(
                                            "error validating proposal: access denied: channel [fapiao] creator org [HospitalOrgMSP]"));
        }
    }

    @Test
    void wrongChannelIsRejected() {
        Contract other = gateway.getNetwork("nosuchchannel").getContract("fapiao", "ledgertest");
        GatewayException e = catchThrowableOfType(GatewayException.class, () -> other.evaluateTransaction("Get", "k"));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(e.getStatus().getDescription())
                .isEqualTo(
                        "failed to get config for channel [nosuchchannel]: could not get last config for channel nosuchchannel");
    }

    @Test
    void chaincodeEventsResumeAfterCheckpointedTransaction() throws Exception {
        long startBlock = node.ledger().height();
        List<String> txIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            txIds.add(submit("Event", "BillSubmitted", "bill-" + i));
        }
        InMemoryCheckpointer checkpointer = new InMemoryCheckpointer();
        try (CloseableIterator<ChaincodeEvent> events = fapiao.newChaincodeEventsRequest("fapiao")
                .startBlock(startBlock)
                .build()
                .getEvents()) {
            ChaincodeEvent first = events.next();
            assertThat(first.getTransactionId()).isEqualTo(txIds.get(0));
            assertThat(first.getEventName()).isEqualTo("BillSubmitted");
            assertThat(new String(first.getPayload(), UTF_8)).isEqualTo("bill-0");
            checkpointer.checkpointChaincodeEvent(first);
        }
        try (CloseableIterator<ChaincodeEvent> events = fapiao.newChaincodeEventsRequest("fapiao")
                .checkpoint(checkpointer)
                .build()
                .getEvents()) {
            assertThat(events.next().getTransactionId()).isEqualTo(txIds.get(1));
            assertThat(events.next().getTransactionId()).isEqualTo(txIds.get(2));
        }
    }

    @Test
    void blocksAreHashChainedAndSignedByTheOrderer() throws Exception {
        contract.submitTransaction("Put", "chain", "x");
        long height = node.ledger().height();
        List<Block> blocks = new ArrayList<>();
        try (CloseableIterator<Block> it =
                fapiao.newBlockEventsRequest().startBlock(0).build().getEvents()) {
            while (blocks.size() < height) {
                blocks.add(it.next());
            }
        }
        Member orderer = new Member(TestNetwork.MSP, network.orderer.certificate(), Set.of("orderer"));
        for (int i = 0; i < blocks.size(); i++) {
            Block block = blocks.get(i);
            assertThat(block.getHeader().getNumber()).isEqualTo(i);
            assertThat(block.getHeader().getDataHash().toByteArray()).isEqualTo(BlockHash.data(block.getData()));
            if (i > 0) {
                assertThat(block.getHeader().getPreviousHash().toByteArray())
                        .isEqualTo(BlockHash.header(blocks.get(i - 1).getHeader()));
            }
            Metadata signatures =
                    Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            MetadataSignature signature = signatures.getSignatures(0);
            assertThat(SignatureHeader.parseFrom(signature.getSignatureHeader()).getCreator())
                    .isEqualTo(network.orderer.serialized());
            byte[] signed = signatures
                    .getValue()
                    .concat(signature.getSignatureHeader())
                    .concat(com.google.protobuf.ByteString.copyFrom(BlockHash.headerBytes(block.getHeader())))
                    .toByteArray();
            assertThat(orderer.verifies(signed, signature.getSignature().toByteArray()))
                    .isTrue();
        }
    }

    private static boolean duplicateMarkedAfter(long block, String txId) throws Exception {
        for (long n = block + 1; node.ledger().awaitBlock(n, Duration.ofSeconds(10)); n++) {
            List<io.fapiao.ledger.commit.CheckedTransaction> txs =
                    node.ledger().transactions(node.ledger().block(n));
            for (var t : txs) {
                if (t.txId().equals(txId)) {
                    return t.code() == TxValidationCode.DUPLICATE_TXID;
                }
            }
        }
        return false;
    }

    private static String submit(String fn, String... args) throws Exception {
        Transaction tx = contract.newProposal(fn).addArguments(args).build().endorse();
        tx.submit();
        return tx.getTransactionId();
    }
}
