package io.fapiao.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.proof.ProofBundle;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.protocol.json.Base64Url;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link LifecycleScenarios} on a real Hyperledger Fabric 3.1.5 network, started as
 * {@code ./fapiao up --fabric} starts it: {@code network/fabric.sh up} (4 SmartBFT orderers, a peer per
 * organisation, the contract as a chaincode service, MAJORITY endorsement), then the three services
 * with {@code scripts/platform.sh up --network}, each on its own organisation's peer. Beyond the
 * scenarios, the proof bundle shows what only the network does: each block holding a step of the
 * history is signed by a SmartBFT quorum, at least 3 distinct consenters of the 4, and each step is
 * endorsed by peers of at least 3 of the 4 organisations.
 *
 * <p>It needs Fabric's binaries ({@code network/fabric.sh install} builds them once from
 * {@code ../shared/fabric}). Without them it is skipped on a developer's machine and fails under
 * {@code CI=true}, so that CI never passes without having run it.
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

    @Override
    RunningPlatform startPlatform() throws Exception {
        requireFabricBinaries();
        return RunningPlatform.onFabric(Path.of("target", "e2e-fabric").toAbsolutePath(), 18000, 28000);
    }

    @Override
    void assertLedgerShape(ProofBundle bundle) throws Exception {
        Map<Long, FabricBlock> blocks = new HashMap<>();
        for (int i = 0; i < bundle.blocks().size(); i++) {
            FabricBlock block = FabricBlock.parse(Base64Url.decode("blocks[" + i + "]", bundle.blocks().get(i)));
            blocks.put(block.number(), block);
        }
        for (ProofBundle.Step step : bundle.steps()) {
            FabricBlock block = blocks.get(step.blockNumber());
            assertThat(block).as("block %d of %s", step.blockNumber(), step.function()).isNotNull();
            assertThat(consenters(block)).as("the consenters that signed block %d (%s)", block.number(), step.function())
                    .hasSizeGreaterThanOrEqualTo(QUORUM).isSubsetOf(1, 2, 3, 4);

            List<FabricTransaction.EndorsementCheck> endorsements = transaction(block, step.txId()).endorsements();
            assertThat(endorsements).as("endorsements of %s", step.function())
                    .allMatch(FabricTransaction.EndorsementCheck::valid);
            assertThat(endorsements.stream().map(e -> e.endorser().mspId()).distinct().toList())
                    .as("the organisations that endorsed %s %s", step.function(), step.txId())
                    .hasSizeGreaterThanOrEqualTo(MAJORITY);
        }
        assertThat(bundle.steps()).extracting(ProofBundle.Step::function).contains("SubmitBill");
    }

    /**
     * The consenter ids of the block's orderer signatures. SmartBFT signs in its own form: an
     * identifier header naming the consenter (its id in the channel's consenter mapping), no signature
     * header. Whether the signatures verify is {@code ProofVerifier}'s to say; this is what the block claims.
     */
    private static Set<Integer> consenters(FabricBlock block) throws Exception {
        Metadata metadata = Metadata.parseFrom(
                block.block().getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        Set<Integer> ids = new TreeSet<>();
        for (MetadataSignature signature : metadata.getSignaturesList()) {
            assertThat(signature.getSignatureHeader().isEmpty() && !signature.getIdentifierHeader().isEmpty())
                    .as("block %d is signed in SmartBFT's form (a consenter id, no signer certificate)", block.number())
                    .isTrue();
            ids.add(IdentifierHeader.parseFrom(signature.getIdentifierHeader()).getIdentifier());
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

    /**
     * Skips the test when Fabric's binaries are not built, unless {@code CI=true}: then it fails. The
     * check is {@code network/fabric-install.sh}'s own, so it looks where {@code network/fabric.sh} will.
     */
    private static void requireFabricBinaries() throws Exception {
        Process check = new ProcessBuilder("bash", "-c", ". network/fabric-install.sh && fabric_installed")
                .directory(RunningPlatform.ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (check.waitFor(30, TimeUnit.SECONDS) && check.exitValue() == 0) {
            return;
        }
        check.destroyForcibly();
        String why = "Hyperledger Fabric's binaries are not built; run network/fabric.sh install (it builds them from "
                + "../shared/fabric with Go, once)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: FabricNetworkIT may not be skipped. " + why);
        }
        Assumptions.abort(why);
    }
}
