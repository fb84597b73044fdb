package io.fapiao.proof;

import io.fapiao.proof.fabric.BlockSignature;
import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.Consenter;
import io.fapiao.proof.fabric.ConsenterSet;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.MalformedLedgerData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SmartBFT signature rule: a quorum of distinct consenters of the governing configuration signed the
 * block, each by id ({@code block[n].consenterId}), once ({@code .distinctConsenters}), each signature
 * verifying under that consenter's identity ({@code .consenterSignature}), each identity issued by its
 * organisation's CA ({@code .consenterCertificate}), enough of them ({@code .quorum}). Stricter than
 * Fabric's policy evaluation, which skips a signature it cannot use: the signature list is not itself
 * signed, so a signature that is not a good one of a distinct consenter can only have been added or
 * changed after the orderers wrote the block. The genesis block is unsigned, as Fabric writes it.
 *
 * <pre>{@code
 * new ConsenterQuorum("block[3]", block, config).check(checks);
 * }</pre>
 */
record ConsenterQuorum(String name, FabricBlock block, ChannelConfig config) {

    void check(Checks checks) {
        ConsenterSet consenters = config.consenters();
        List<BlockSignature> signatures;
        try {
            signatures = block.signatures();
        } catch (MalformedLedgerData e) {
            checks.fail(name + ".quorum", "the block's signatures cannot be read: " + e.getMessage());
            return;
        }
        if (block.number() == 0 && signatures.isEmpty()) {
            checks.note(
                    name + ".quorum",
                    "the genesis block is unsigned, as Fabric writes it (configtxgen; every node "
                            + "starts from it as given): it is trusted through the CA certificates it declares, which the "
                            + "consenters' certificates must chain to (pin them with --trust)");
            return;
        }
        Instant at = BlockChecks.timeOf(block);
        List<String> unknown = new ArrayList<>();
        List<Long> repeated = new ArrayList<>();
        List<String> badSignatures = new ArrayList<>();
        List<String> untrusted = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        Set<Long> good = new TreeSet<>();
        for (BlockSignature each : signatures) {
            if (!(each instanceof BlockSignature.ByConsenter signature)) {
                unknown.add("signature #" + each.position() + " names its signer in a signature header (the "
                        + "one-orderer form); on a BFT channel each consenter signs by id");
                continue;
            }
            Optional<Consenter> consenter = consenters.find(signature.consenterId());
            if (consenter.isEmpty()) {
                unknown.add("signature #" + each.position() + " names consenter " + signature.consenterId()
                        + ", which is not in the consenter set " + consenters.ids());
                continue;
            }
            if (!seen.add(signature.consenterId())) {
                repeated.add(signature.consenterId());
                continue;
            }
            if (!signature.validFor(consenter.get())) {
                badSignatures.add("the signature of " + consenter.get() + " does not verify over the block header"
                        + " and metadata");
                continue;
            }
            Optional<String> problem = IdentityTrust.problem(consenter.get().identity(), at, null, config);
            if (problem.isPresent()) {
                untrusted.add(consenter.get() + ": " + problem.get());
                continue;
            }
            good.add(signature.consenterId());
        }
        checks.check(
                unknown.isEmpty(),
                name + ".consenterId",
                "every signature names a consenter of the set " + consenters.ids(),
                String.join("; ", unknown));
        checks.check(
                repeated.isEmpty(),
                name + ".distinctConsenters",
                "no consenter signed twice",
                "consenter(s) " + repeated + " signed more than once; each consenter signs a block once");
        checks.check(
                badSignatures.isEmpty(),
                name + ".consenterSignature",
                "each consenter's signature verifies",
                String.join("; ", badSignatures));
        checks.check(
                untrusted.isEmpty(),
                name + ".consenterCertificate",
                "each signing consenter's identity is "
                        + "issued by its organisation's CA of the governing configuration, valid at " + at,
                String.join("; ", untrusted));
        String rule = "Fabric's BFT quorum for " + consenters.size() + " consenters is " + consenters.quorum()
                + " (f = " + consenters.faultsTolerated() + ")";
        checks.check(
                good.size() >= consenters.quorum(),
                name + ".quorum",
                "consenters " + good + " of " + consenters.ids() + " signed; " + rule,
                good.size() + " distinct consenter(s) " + good + " signed with a good signature and certificate; "
                        + rule);
    }
}
