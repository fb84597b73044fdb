package io.fapiao.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fapiao.proof.fabric.ConsenterSet;
import io.fapiao.protocol.json.Base64Url;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verifier on a Fabric 3 SmartBFT channel's bundle: the lifecycle recorded on the embedded node
 * (proof-bundle.json) moved onto a synthetic BFT channel ({@link BftChannel}: a genesis block with 4
 * consenters, the step blocks re-signed as SmartBFT signs them). Each rule of docs/proof.md is
 * shown to pass on a good bundle and to fail, with its own named check, on a bundle that breaks it.
 */
class BftProofTest {

    private static ProofBundle recorded;
    private static BftChannel channel;
    private static Block genesis;
    private static List<Block> steps;

    @BeforeAll
    static void channel() throws Exception {
        try (InputStream in = BftProofTest.class.getResourceAsStream("proof-bundle.json")) {
            recorded = ProofBundle.fromJson(in.readAllBytes());
        }
        channel = new BftChannel(recorded, 5);
        secondOrgConsenter();
        genesis = channel.genesis(channel.consenters(1, 2, 3, 4));
        steps = channel.recordedBlocks();
    }

    /** The step blocks, each signed by {@code signers} naming config block {@code lastConfig}. */
    private static List<Block> stepsSignedBy(long lastConfig, long... signers) throws Exception {
        List<Block> signed = new ArrayList<>();
        for (Block block : steps) {
            signed.add(channel.signed(block, lastConfig, channel.consenters(signers)));
        }
        return signed;
    }

    /** Genesis, then the step blocks signed by 1, 2, 3 except the first, which {@code first} signs. */
    private static byte[] withFirstStepBlock(Function<Block, Block> first) throws Exception {
        List<Block> blocks = new ArrayList<>(List.of(genesis));
        List<Block> signed = stepsSignedBy(0, 1, 2, 3);
        blocks.add(first.apply(steps.get(0)));
        blocks.addAll(signed.subList(1, signed.size()));
        return channel.bundle(blocks);
    }

    private static List<Block> concat(Block first, List<Block> rest) {
        List<Block> blocks = new ArrayList<>(List.of(first));
        blocks.addAll(rest);
        return blocks;
    }

    private static List<String> failures(byte[] json) {
        return ProofVerifier.unpinned().verify(json).failures().stream()
                .map(ProofCheck::name)
                .toList();
    }

    private static long firstStepBlock() {
        return steps.get(0).getHeader().getNumber();
    }

    private static Block signed(Block block, long lastConfig, long... signers) {
        try {
            return channel.signed(block, lastConfig, channel.consenters(signers));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void quorumIsFabricsComputeBftQuorum() {
        for (int n = 1; n <= 30; n++) {
            int f = (n - 1) / 3;
            int fabric = (int) Math.ceil((n + f + 1) / 2.0); // common/policies/bft.go ComputeBFTQuorum
            List<io.fapiao.proof.fabric.Consenter> members = new ArrayList<>();
            for (int id = 1; id <= n; id++) {
                members.add(new io.fapiao.proof.fabric.Consenter(id, "o:1", null));
            }
            assertThat(new ConsenterSet(members).quorum()).as("n = %d", n).isEqualTo(fabric);
        }
        assertThat(IntStream.of(1, 3, 4, 7)
                        .map(n -> new ConsenterSet(IntStream.rangeClosed(1, n)
                                        .mapToObj(id -> new io.fapiao.proof.fabric.Consenter(id, "o:1", null))
                                        .toList())
                                .quorum()))
                .containsExactly(1, 2, 3, 5);
    }

    @Test
    void threeOfFourConsentersVerifyTheWholeLifecycle() throws Exception {
        ProofReport report =
                ProofVerifier.unpinned().verify(channel.bundle(concat(genesis, stepsSignedBy(0, 1, 2, 3))));
        assertThat(report.verified()).as(report.failures().toString()).isTrue();
        long n = firstStepBlock();
        assertThat(report.checks())
                .extracting(ProofCheck::toString)
                .contains("NOTE block[0].quorum: the genesis block is unsigned, as Fabric writes it (configtxgen; "
                        + "every node starts from it as given): it is trusted through the CA certificates it declares, "
                        + "which the consenters' certificates must chain to (pin them with --trust)")
                .contains("PASS block[" + n + "].quorum: consenters [1, 2, 3] of [1, 2, 3, 4] signed; Fabric's BFT "
                        + "quorum for 4 consenters is 3 (f = 1)")
                .contains("PASS block[" + n
                        + "].governingConfig: config block 0 (BFT, consenters [1, 2, 3, 4], quorum 3)")
                .anySatisfy(line -> assertThat(line).startsWith("PASS step[0].SubmitBill.creatorCertificate"));
        assertThat(report.trustAnchors()).extracting(TrustAnchor::mspId).contains(BftChannel.ORDERER_MSP);
        // All four, and another three, do as well.
        assertThat(failures(channel.bundle(concat(genesis, stepsSignedBy(0, 4, 3, 2, 1)))))
                .isEmpty();
        assertThat(failures(channel.bundle(concat(genesis, stepsSignedBy(0, 2, 4, 3)))))
                .isEmpty();
    }

    @Test
    void twoSignaturesAreOneTooFew() throws Exception {
        assertThat(failures(withFirstStepBlock(b -> signed(b, 0, 1, 2))))
                .containsExactly("block[" + firstStepBlock() + "].quorum");
        assertThat(failures(withFirstStepBlock(b -> signed(b, 0))))
                .containsExactly("block[" + firstStepBlock() + "].quorum");
    }

    @Test
    void aConsenterSigningTwiceCountsOnceAndIsRefused() throws Exception {
        long n = firstStepBlock();
        assertThat(failures(withFirstStepBlock(b -> signed(b, 0, 1, 1, 2))))
                .containsExactly("block[" + n + "].distinctConsenters", "block[" + n + "].quorum");
        // Even with a quorum besides: SmartBFT writes each signer once, so the repeat was added afterwards.
        assertThat(failures(withFirstStepBlock(b -> signed(b, 0, 1, 2, 3, 3))))
                .containsExactly("block[" + n + "].distinctConsenters");
    }

    @Test
    void aSignerOutsideTheConsenterSetIsRefused() throws Exception {
        long n = firstStepBlock();
        // Consenter 5 holds a certificate of the orderer organisation's CA, but the set is 1..4.
        assertThat(failures(withFirstStepBlock(b -> signed(b, 0, 1, 2, 5))))
                .containsExactly("block[" + n + "].consenterId", "block[" + n + "].quorum");
        assertThat(failures(withFirstStepBlock(b -> signed(b, 0, 1, 2, 3, 5))))
                .containsExactly("block[" + n + "].consenterId");
    }

    @Test
    void aBadSignatureIsRefused() throws Exception {
        long n = firstStepBlock();
        // Consenter 4's key signs under consenter 3's id.
        BftChannel.Member impostor = new BftChannel.Member(
                3, BftChannel.ORDERER_MSP, channel.member(4).identity());
        assertThat(failures(withFirstStepBlock(b -> {
                    try {
                        return channel.signed(b, 0, List.of(channel.member(1), channel.member(2), impostor));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })))
                .containsExactly("block[" + n + "].consenterSignature", "block[" + n + "].quorum");
    }

    @Test
    void aConsenterCertificateFromAForeignCaIsRefused() throws Exception {
        // The configuration lists consenter 4 under OrdererOrgMSP with a certificate another CA issued
        // (same subject names as the real orderer CA): it signs correctly, but is no member of the MSP.
        BftChannel.Member foreign = channel.foreignConsenter(4);
        List<BftChannel.Member> set = List.of(channel.member(1), channel.member(2), channel.member(3), foreign);
        Block genesisWithForeign = channel.genesis(set);
        List<Block> blocks = new ArrayList<>(List.of(genesisWithForeign));
        blocks.add(channel.signed(steps.get(0), 0, List.of(channel.member(1), channel.member(2), foreign)));
        blocks.addAll(stepsSignedBy(0, 1, 2, 3).subList(1, steps.size()));
        long n = firstStepBlock();
        assertThat(failures(channel.bundle(blocks)))
                .containsExactly("block[" + n + "].consenterCertificate", "block[" + n + "].quorum");
        blocks.set(1, channel.signed(steps.get(0), 0, set));
        assertThat(failures(channel.bundle(blocks))).containsExactly("block[" + n + "].consenterCertificate");
    }

    @Test
    void aBftBlockIsNeverAcceptedOnOneOrderersSignature() throws Exception {
        long n = firstStepBlock();
        assertThat(failures(withFirstStepBlock(b -> {
                    try {
                        return channel.signedWithHeader(b, 0, channel.member(1));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })))
                .containsExactly("block[" + n + "].consenterId", "block[" + n + "].quorum");
    }

    @Test
    void consenterSignaturesOnAOneOrdererChannelAreRefused() throws Exception {
        // The recorded genesis block orders by etcdraft: a SmartBFT-form signature there is not its orderer's.
        Block recordedGenesis =
                Block.parseFrom(Base64Url.decode("block", recorded.blocks().get(0)));
        List<Block> blocks = new ArrayList<>(List.of(recordedGenesis));
        blocks.add(signed(steps.get(0), 0, 1, 2, 3));
        blocks.addAll(steps.subList(1, steps.size()));
        ProofBundle bundle = new ProofBundle(
                recorded.format(),
                recorded.subject(),
                recorded.channel(),
                recorded.chaincode(),
                recorded.authorities(),
                blocks.stream().map(b -> Base64Url.encode(b.toByteArray())).toList(),
                recorded.sealedBill(),
                recorded.steps(),
                recorded.documents());
        assertThat(failures(bundle.toJson())).containsOnly("block[" + firstStepBlock() + "].ordererSignature");
    }

    @Test
    void everyChangedByteOfABlocksHeaderOrSignaturesIsRefused() throws Exception {
        List<Block> good = concat(genesis, stepsSignedBy(0, 1, 2, 3));
        byte[] block = good.get(1).toByteArray();
        byte[] header = good.get(1).getHeader().toByteArray();
        byte[] signatures = good.get(1)
                .getMetadata()
                .getMetadata(BlockMetadataIndex.SIGNATURES_VALUE)
                .toByteArray();
        List<int[]> ranges = List.of(range(block, header), range(block, signatures));
        int changed = 0;
        for (int[] r : ranges) {
            for (int i = r[0]; i < r[1]; i++) {
                byte[] copy = block.clone();
                copy[i] ^= 1;
                List<String> encoded = new ArrayList<>(good.stream()
                        .map(b -> Base64Url.encode(b.toByteArray()))
                        .toList());
                encoded.set(1, Base64Url.encode(copy));
                ProofReport report = ProofVerifier.unpinned()
                        .verify(new ProofBundle(
                                        recorded.format(),
                                        recorded.subject(),
                                        recorded.channel(),
                                        recorded.chaincode(),
                                        authorities(good),
                                        encoded,
                                        recorded.sealedBill(),
                                        recorded.steps(),
                                        recorded.documents())
                                .toJson());
                assertThat(report.verified())
                        .as("byte %d of block %d changed", i, firstStepBlock())
                        .isFalse();
                assertThat(report.firstFailure().orElseThrow().name())
                        .as("byte %d", i)
                        .isNotEqualTo("verifier");
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(header.length + 4 * 64);
    }

    private static List<ProofBundle.Authority> authorities(List<Block> blocks) throws Exception {
        return ProofBundle.fromJson(channel.bundle(blocks)).authorities();
    }

    private static int[] range(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return new int[] {i, i + needle.length};
        }
        throw new IllegalArgumentException("not found");
    }

    /** Config block 5 (sequence 1): consenter 4 leaves, consenter 6 of a new orderer organisation joins. */
    private static Block configUpdate(long sequence, long... signers) throws Exception {
        List<BftChannel.Member> newSet = new ArrayList<>(channel.consenters(1, 2, 3));
        newSet.add(secondOrgConsenter());
        return channel.signed(channel.configUpdate(5, sequence, newSet, true), 5, channel.consenters(signers));
    }

    private static BftChannel.Member secondOrg;

    private static synchronized BftChannel.Member secondOrgConsenter() {
        if (secondOrg == null) {
            secondOrg = channel.secondOrgConsenter(6);
        }
        return secondOrg;
    }

    @Test
    void aLaterConfigBlockChangingTheConsenterSetIsHonoured() throws Exception {
        Block update = configUpdate(1, 1, 2, 3);
        List<Block> blocks = new ArrayList<>(List.of(genesis, update));
        blocks.addAll(stepsSignedBy(5, 2, 3, 6));
        ProofReport report = ProofVerifier.unpinned().verify(channel.bundle(blocks, channel.orderer2Ca()));
        assertThat(report.verified()).as(report.failures().toString()).isTrue();
        long n = firstStepBlock();
        assertThat(report.checks())
                .extracting(ProofCheck::toString)
                .contains("PASS config[5].sequence: follows config sequence 0")
                .contains("PASS block[5].governingConfig: config block 0 (BFT, consenters [1, 2, 3, 4], quorum 3)")
                .contains("PASS block[" + n
                        + "].governingConfig: config block 5 (BFT, consenters [1, 2, 3, 6], quorum 3)")
                .contains("PASS block[" + n + "].quorum: consenters [2, 3, 6] of [1, 2, 3, 6] signed; Fabric's BFT "
                        + "quorum for 4 consenters is 3 (f = 1)");
        assertThat(report.trustAnchors()).extracting(TrustAnchor::mspId).contains(BftChannel.ORDERER2_MSP);
    }

    @Test
    void aConsenterRemovedByAConfigUpdateNoLongerCounts() throws Exception {
        List<Block> blocks = new ArrayList<>(List.of(genesis, configUpdate(1, 1, 2, 3)));
        blocks.addAll(stepsSignedBy(5, 2, 3, 4));
        List<String> failed = failures(channel.bundle(blocks, channel.orderer2Ca()));
        assertThat(failed)
                .isNotEmpty()
                .allSatisfy(name -> assertThat(name).matches("block\\[1[1-4]]\\.(consenterId|quorum)"));
        assertThat(failed)
                .contains("block[" + firstStepBlock() + "].consenterId", "block[" + firstStepBlock() + "].quorum");
    }

    @Test
    void aConfigUpdateIsSignedByTheConsentersBeforeIt() throws Exception {
        // Consenter 6 only joins with block 5, so it cannot help sign block 5.
        List<Block> blocks = new ArrayList<>(List.of(genesis, configUpdate(1, 2, 3, 6)));
        blocks.addAll(stepsSignedBy(5, 2, 3, 6));
        assertThat(failures(channel.bundle(blocks, channel.orderer2Ca())))
                .containsExactly("block[5].consenterId", "block[5].quorum");
    }

    /** What fails when a step block's configuration is not established: the block, and its transactions' identities. */
    private static final String UNGOVERNED =
            "block\\[1[1-4]]\\.governingConfig|step\\[\\d]\\.\\w+\\.(creatorCertificate|endorsements)";

    @Test
    void theConfigChainMustBeWholeAndInForce() throws Exception {
        long n = firstStepBlock();
        List<Block> signedUnder5 = stepsSignedBy(5, 2, 3, 6);
        // Config block 5 left out: the step blocks name a configuration the bundle does not hold.
        List<String> missing = failures(channel.bundle(concat(genesis, signedUnder5), channel.orderer2Ca()));
        assertThat(missing).contains("authorities.config");
        assertThat(failures(channel.bundle(concat(genesis, signedUnder5))))
                .allSatisfy(name -> assertThat(name).matches(UNGOVERNED))
                .contains("block[" + n + "].governingConfig");
        // The step blocks name config block 0 although config block 5 came into force before them.
        List<Block> stale = new ArrayList<>(List.of(genesis, configUpdate(1, 1, 2, 3)));
        stale.addAll(stepsSignedBy(0, 1, 2, 3));
        assertThat(failures(channel.bundle(stale, channel.orderer2Ca())))
                .allSatisfy(name -> assertThat(name).matches(UNGOVERNED))
                .contains("block[" + n + "].governingConfig");
        // A config block whose sequence skips one: an update in between is missing.
        List<Block> gap = new ArrayList<>(List.of(genesis, configUpdate(2, 1, 2, 3)));
        gap.addAll(stepsSignedBy(5, 2, 3, 6));
        // (Config block 5 does not join the chain, so the authorities the chain declares are block 0's.)
        assertThat(failures(channel.bundle(gap)))
                .contains("config[5].sequence", "block[" + n + "].governingConfig")
                .allSatisfy(name -> assertThat(name).matches("config\\[5]\\.sequence|" + UNGOVERNED));
        // The new organisation's CA is part of the authorities once its config block is.
        List<Block> whole = new ArrayList<>(List.of(genesis, configUpdate(1, 1, 2, 3)));
        whole.addAll(signedUnder5);
        assertThat(failures(channel.bundle(whole))).containsExactly("authorities.config");
    }

    @Test
    void aChangedOrdererBlockMetadataBreaksEverySignature() throws Exception {
        // The metadata value (last config index, consenter metadata) is inside what each consenter signs.
        long n = firstStepBlock();
        assertThat(failures(withFirstStepBlock(b -> {
                    Block signedBlock = signed(b, 0, 1, 2, 3);
                    var metadata = parseSignatures(signedBlock).toBuilder()
                            .setValue(BftChannel.ordererMetadata(0, ByteString.copyFromUtf8("other")))
                            .build();
                    return BftChannel.withSignatures(signedBlock, metadata);
                })))
                .containsExactly("block[" + n + "].consenterSignature", "block[" + n + "].quorum");
    }

    private static org.hyperledger.fabric.protos.common.Metadata parseSignatures(Block block) {
        try {
            return org.hyperledger.fabric.protos.common.Metadata.parseFrom(
                    block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
