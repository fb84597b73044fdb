package io.fapiao.proof;

import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.ConfigChain;
import io.fapiao.proof.fabric.FabricBlock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The block check family, for each block of the bundle: its envelopes hash to its header's data hash
 * ({@code block[n].dataHash}); its previous hash is the header hash of block n-1 when the bundle holds
 * that block ({@code block[n].chain}); its TRANSACTIONS_FILTER has one defined code per transaction
 * ({@code block[n].validationCodes}); the configuration chain governs it ({@code block[n].governingConfig});
 * and its orderer signatures satisfy that configuration's rule, {@link OneOrdererSignature} or
 * {@link ConsenterQuorum}.
 *
 * <pre>{@code
 * BlockChecks.Governed governed = new BlockChecks(contents.blocks(), configs).check(checks);
 * Optional<ChannelConfig> config = governed.of(step.blockNumber());
 * }</pre>
 */
record BlockChecks(Map<Long, FabricBlock> blocks, ConfigChain configs) {

    /** The configuration each block's signatures (and its transactions' identities) were checked under. */
    record Governed(Map<Long, ChannelConfig> configs) {
        Governed {
            configs = Collections.unmodifiableMap(configs);
        }

        /** The configuration block {@code number} is governed by, once its {@code governingConfig} check passed. */
        Optional<ChannelConfig> of(long number) {
            return Optional.ofNullable(configs.get(number));
        }
    }

    Governed check(Checks checks) {
        Map<Long, ChannelConfig> governed = new HashMap<>();
        for (FabricBlock block : blocks.values()) {
            check(block, checks).ifPresent(config -> governed.put(block.number(), config));
        }
        return new Governed(governed);
    }

    private Optional<ChannelConfig> check(FabricBlock block, Checks checks) {
        String name = "block[" + block.number() + "]";
        checks.check(
                block.dataHashMatches(),
                name + ".dataHash",
                "SHA-256 of the " + block.envelopes().size() + " envelopes equals the header's data hash",
                "the envelopes do not hash to the header's data hash");
        FabricBlock previous = blocks.get(block.number() - 1);
        if (previous != null) {
            checks.check(
                    Arrays.equals(
                            previous.headerHash(),
                            block.header().getPreviousHash().toByteArray()),
                    name + ".chain",
                    "previous hash is block " + previous.number() + "'s header hash",
                    "previous hash is not block " + previous.number() + "'s header hash");
        }
        byte[] codes = block.validationCodes();
        boolean defined = codes.length == block.envelopes().size();
        for (byte code : codes) {
            defined &= TxValidationCode.forNumber(code & 0xff) != null
                    && TxValidationCode.forNumber(code & 0xff) != TxValidationCode.NOT_VALIDATED;
        }
        checks.check(
                defined,
                name + ".validationCodes",
                codes.length + " validation codes",
                "TRANSACTIONS_FILTER has " + codes.length + " entries for "
                        + block.envelopes().size() + " transactions, or an undefined code");
        ConfigChain.Governing governing;
        try {
            governing = configs.governing(block);
        } catch (ConfigChain.NotGoverned e) {
            checks.fail(name + ".governingConfig", e.getMessage());
            return Optional.empty();
        }
        ChannelConfig config = governing.config();
        checks.pass(
                name + ".governingConfig",
                "config block " + governing.configBlock() + " (" + ProofVerifier.consensus(config) + ")");
        if (config.bft()) {
            new ConsenterQuorum(name, block, config).check(checks);
        } else {
            new OneOrdererSignature(name, block, config).check(checks);
        }
        return Optional.of(config);
    }

    /** When the block was cut, as far as the block tells: its first transaction's timestamp, the orderer's "now". */
    static Instant timeOf(FabricBlock block) {
        // A block has no time of its own.
        try {
            var envelope = org.hyperledger.fabric.protos.common.Envelope.parseFrom(
                    block.envelopes().get(0));
            var payload = org.hyperledger.fabric.protos.common.Payload.parseFrom(envelope.getPayload());
            var header = org.hyperledger.fabric.protos.common.ChannelHeader.parseFrom(
                    payload.getHeader().getChannelHeader());
            return Instant.ofEpochSecond(
                    header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
        } catch (com.google.protobuf.InvalidProtocolBufferException | IndexOutOfBoundsException e) {
            return Instant.now();
        }
    }
}
