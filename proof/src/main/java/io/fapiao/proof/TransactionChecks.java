package io.fapiao.proof;

import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.proof.fabric.MalformedLedgerData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The transaction check family, for one step: its transaction is in the block it names
 * ({@code .inBlock}), marked VALID ({@code .valid}), parses ({@code .structure}), is for the bundle's
 * channel and chaincode ({@code .channel}), called the step's function successfully ({@code .function}),
 * has Fabric's derived id ({@code .txId}), is signed by its creator ({@code .creatorSignature}) whose
 * certificate the governing configuration trusts ({@code .creatorCertificate}), its endorsed response
 * answers it ({@code .proposalHash}) and is endorsed by trusted peers ({@code .endorsements}).
 *
 * <pre>{@code
 * TransactionChecks.Found found = new TransactionChecks(bundle, blocks, governed).check("step[0].SubmitBill", step, checks);
 * }</pre>
 */
record TransactionChecks(ProofBundle bundle, Map<Long, FabricBlock> blocks, BlockChecks.Governed governed) {

    /**
     * Where a step's transaction was found.
     *
     * @param index       its position in its block; -1 when not found
     * @param transaction the transaction, when it parsed
     */
    record Found(int index, Optional<FabricTransaction> transaction) {
        static final Found NOWHERE = new Found(-1, Optional.empty());
    }

    Found check(String name, ProofBundle.Step step, Checks checks) {
        FabricBlock block = blocks.get(step.blockNumber());
        if (block == null) {
            checks.fail(name + ".inBlock", "block " + step.blockNumber() + " is not in the bundle");
            return Found.NOWHERE;
        }
        int index = -1;
        try {
            for (int i = 0; i < block.envelopes().size() && index < 0; i++) {
                if (FabricTransaction.txIdOf(block.envelopes().get(i)).equals(step.txId())) {
                    index = i;
                }
            }
        } catch (MalformedLedgerData e) {
            checks.fail(name + ".inBlock", e.getMessage());
            return Found.NOWHERE;
        }
        if (!checks.check(
                index >= 0,
                name + ".inBlock",
                "transaction " + step.txId() + " is #" + index + " of block " + block.number(),
                "block " + block.number() + " holds no transaction " + step.txId())) {
            return Found.NOWHERE;
        }
        byte[] codes = block.validationCodes();
        int code = index < codes.length ? codes[index] & 0xff : -1;
        checks.check(
                code == TxValidationCode.VALID_VALUE,
                name + ".valid",
                "marked VALID in TRANSACTIONS_FILTER",
                "marked "
                        + Optional.ofNullable(TxValidationCode.forNumber(code))
                                .map(Enum::name)
                                .orElse("" + code) + " in TRANSACTIONS_FILTER: the ledger did not apply it");
        FabricTransaction tx;
        try {
            tx = FabricTransaction.parse(block.envelopes().get(index));
        } catch (MalformedLedgerData e) {
            checks.fail(name + ".structure", e.getMessage());
            return new Found(index, Optional.empty());
        }
        checks.check(
                tx.channelId().equals(bundle.channel()) && tx.chaincodeName().equals(bundle.chaincode()),
                name + ".channel",
                "channel " + tx.channelId() + ", chaincode " + tx.chaincodeName(),
                "the transaction is for channel " + tx.channelId() + " chaincode " + tx.chaincodeName());
        checks.check(
                tx.function().equals(step.function()) && tx.responseStatus() == 200,
                name + ".function",
                "called " + tx.function() + " " + tx.arguments().size() + " arguments, status 200",
                "the transaction called " + tx.function() + " (status " + tx.responseStatus() + "), the step says "
                        + step.function());
        checks.check(
                tx.txIdDerivedFromNonceAndCreator(),
                name + ".txId",
                "derived from nonce and creator",
                "the transaction id is not SHA-256(nonce ‖ creator)");
        checks.check(
                tx.creatorSignatureValid(),
                name + ".creatorSignature",
                "signed by " + tx.creator(),
                "the envelope's signature does not verify under its creator's certificate");
        Optional<ChannelConfig> config = governed.of(step.blockNumber());
        Optional<String> creatorProblem = IdentityTrust.problem(tx.creator(), tx.timestamp(), null, config);
        checks.check(
                creatorProblem.isEmpty(),
                name + ".creatorCertificate",
                "issued by the " + tx.creator().mspId() + " CA, valid at " + tx.timestamp(),
                creatorProblem.orElse(""));
        checks.check(
                tx.proposalHashMatches(),
                name + ".proposalHash",
                "the endorsed response answers this proposal",
                "the endorsed response's proposal hash is not this transaction's");
        endorsements(name, tx, config, checks);
        return new Found(index, Optional.of(tx));
    }

    private static void endorsements(String name, FabricTransaction tx, Optional<ChannelConfig> config, Checks checks) {
        try {
            List<FabricTransaction.EndorsementCheck> endorsements = tx.endorsements();
            if (endorsements.isEmpty()) {
                checks.fail(name + ".endorsements", "the transaction carries no endorsement");
                return;
            }
            List<String> problems = new ArrayList<>();
            for (FabricTransaction.EndorsementCheck endorsement : endorsements) {
                if (!endorsement.valid()) {
                    problems.add("the signature of " + endorsement.endorser() + " does not verify");
                } else {
                    IdentityTrust.problem(endorsement.endorser(), tx.timestamp(), "peer", config)
                            .ifPresent(problems::add);
                }
            }
            checks.check(
                    problems.isEmpty(),
                    name + ".endorsements",
                    endorsements.size() + " endorsement(s) by "
                            + endorsements.stream()
                                    .map(e -> e.endorser().mspId())
                                    .toList(),
                    String.join("; ", problems));
        } catch (MalformedLedgerData e) {
            checks.fail(name + ".endorsements", e.getMessage());
        }
    }
}
