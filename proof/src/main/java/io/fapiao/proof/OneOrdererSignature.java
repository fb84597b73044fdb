package io.fapiao.proof;

import io.fapiao.proof.fabric.BlockSignature;
import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.MalformedLedgerData;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one-orderer signature rule (solo, etcdraft, the embedded node), {@code block[n].ordererSignature}:
 * the block carries signatures, each names its orderer in a signature header, verifies over the
 * block header and metadata, and is by an orderer certificate of the governing configuration.
 *
 * <pre>{@code
 * new OneOrdererSignature("block[3]", block, config).check(checks);
 * }</pre>
 */
record OneOrdererSignature(String name, FabricBlock block, ChannelConfig config) {

    void check(Checks checks) {
        try {
            List<BlockSignature> signatures = block.signatures();
            if (signatures.isEmpty()) {
                checks.fail(name + ".ordererSignature", "the block carries no orderer signature");
                return;
            }
            Instant at = BlockChecks.timeOf(block);
            for (BlockSignature each : signatures) {
                if (!(each instanceof BlockSignature.ByCreator signature)) {
                    checks.fail(
                            name + ".ordererSignature",
                            "signature #" + each.position() + " names a consenter id "
                                    + "(SmartBFT's form), but the governing configuration orders by '"
                                    + config.consensusType() + "', whose orderer names itself in a signature header");
                    continue;
                }
                if (!signature.valid()) {
                    checks.fail(
                            name + ".ordererSignature",
                            "the signature of " + signature.creator()
                                    + " does not verify over the block header and metadata");
                    continue;
                }
                Optional<String> untrusted = IdentityTrust.problem(signature.creator(), at, "orderer", config);
                checks.check(
                        untrusted.isEmpty(),
                        name + ".ordererSignature",
                        "signed by orderer " + signature.creator() + ", issued by the "
                                + signature.creator().mspId() + " CA",
                        untrusted.orElse(""));
            }
        } catch (MalformedLedgerData e) {
            checks.fail(name + ".ordererSignature", e.getMessage());
        }
    }
}
