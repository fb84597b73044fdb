package io.fapiao.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.proof.ProofBundle;
import io.fapiao.proof.fabric.BlockSignature;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.protocol.json.Base64Url;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@link LifecycleScenarios} on a real Hyperledger Fabric 3.1.5 network, started as
 * {@code ./fapiao up --fabric} starts it: {@code network/fabric.sh up} (4 SmartBFT orderers, a peer per
 * organisation, the contract as a chaincode service, MAJORITY endorsement), then the three services
 * with {@code scripts/platform.sh up --network}, each on its own organisation's peer. Beyond the
 * scenarios, the proof bundle shows what only the network does: each block holding a step of the
 * history is signed by a SmartBFT quorum, at least 3 distinct consenters of the 4, and each step is
 * endorsed by peers of at least 3 of the 4 organisations.
 *
 * <p>It needs Fabric's binaries: {@link io.fapiao.ledger.client.fabric.FabricNetwork} builds them if they
 * are missing ({@code network/fabric.sh install}, from {@code ../shared/fabric} with Go); where that
 * cannot be done the test is skipped on a developer's machine and fails under {@code CI=true}, so that
 * CI never passes without having run it.
 *
 * <pre>{@code
 * ./mvnw -pl e2e -am verify -Dit.test=FabricNetworkIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
class FabricNetworkIT extends LifecycleScenarios {
    /** Fabric's BFT quorum of 4 consenters: ceil((n + f + 1) / 2) with f = 1. */
    private static final int QUORUM = 3;
    /** MAJORITY of the channel's 4 organisations. */
    private static final int MAJORITY = 3;
    /** The consenter ids: organisation k runs consenter k + 1. */
    private static final Set<Long> CONSENTERS = Set.of(1L, 2L, 3L, 4L);

    @Override
    RunningPlatform startPlatform() throws Exception {
        return RunningPlatform.onFabric(Path.of("target", "e2e-fabric").toAbsolutePath(), 18000, 28000);
    }

    @Override
    void assertLedgerShape(ProofBundle bundle) throws Exception {
        Map<Long, FabricBlock> blocks = new HashMap<>();
        for (int i = 0; i < bundle.blocks().size(); i++) {
            FabricBlock block = FabricBlock.parse(
                    Base64Url.decode("blocks[" + i + "]", bundle.blocks().get(i)));
            blocks.put(block.number(), block);
        }
        for (ProofBundle.Step step : bundle.steps()) {
            FabricBlock block = blocks.get(step.blockNumber());
            assertThat(block)
                    .as("block %d of %s", step.blockNumber(), step.function())
                    .isNotNull();
            assertThat(consenters(block))
                    .as("the consenters that signed block %d (%s)", block.number(), step.function())
                    .hasSizeGreaterThanOrEqualTo(QUORUM)
                    .isSubsetOf(CONSENTERS);

            List<FabricTransaction.EndorsementCheck> endorsements =
                    transaction(block, step.txId()).endorsements();
            assertThat(endorsements)
                    .as("endorsements of %s", step.function())
                    .allMatch(FabricTransaction.EndorsementCheck::valid);
            assertThat(endorsements.stream()
                            .map(e -> e.endorser().mspId())
                            .distinct()
                            .toList())
                    .as("the organisations that endorsed %s %s", step.function(), step.txId())
                    .hasSizeGreaterThanOrEqualTo(MAJORITY);
        }
        assertThat(bundle.steps()).extracting(ProofBundle.Step::function).contains("SubmitBill");
    }

    /**
     * The consenter ids of the block's orderer signatures, each of which must be in SmartBFT's form (a
     * consenter id, no signer certificate). Whether they verify is {@code ProofVerifier}'s to say.
     */
    private static Set<Long> consenters(FabricBlock block) throws Exception {
        Set<Long> ids = new TreeSet<>();
        for (BlockSignature signature : block.signatures()) {
            assertThat(signature)
                    .as("signature #%d of block %d", signature.position(), block.number())
                    .isInstanceOf(BlockSignature.ByConsenter.class);
            ids.add(((BlockSignature.ByConsenter) signature).consenterId());
        }
        return ids;
    }

    private static FabricTransaction transaction(FabricBlock block, String txId) throws Exception {
        for (var envelope : block.envelopes()) {
            if (FabricTransaction.txIdOf(envelope).equals(txId)) {
                return FabricTransaction.parse(envelope);
            }
        }
        throw new AssertionError("block " + block.number() + " holds no transaction " + txId);
    }
}
