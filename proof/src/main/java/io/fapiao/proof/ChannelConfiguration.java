package io.fapiao.proof;

import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.ConfigChain;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.MalformedLedgerData;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The channel configuration check family: the first block is the genesis configuration block of the
 * bundle's channel, marked VALID ({@code config}, {@code config.valid}, {@code config.channel}); each
 * later config block is valid, for this channel and the next in sequence ({@code config[n].*}); and
 * the bundle's CA certificates are exactly those the chain of configurations declares
 * ({@code authorities.config}).
 *
 * <pre>{@code
 * Optional<ConfigChain> configs = new ChannelConfiguration(contents).check(checks);
 * }</pre>
 */
record ChannelConfiguration(BundleReading.Contents contents) {

    /** The chain of configurations the bundle's blocks establish, or empty when a check failed. */
    Optional<ConfigChain> check(Checks checks) {
        String channel = contents.bundle().channel();
        FabricBlock first = contents.blocks().values().iterator().next();
        ChannelConfig config;
        try {
            config = ChannelConfig.of(first);
        } catch (MalformedLedgerData e) {
            checks.fail("config", "the first block must be the channel's configuration block: " + e.getMessage());
            return Optional.empty();
        }
        // The chain of configurations starts at the genesis block: a bundle that starts at a later config
        // block would let its author choose which configuration the checks rest on.
        if (!checks.check(
                first.number() == 0 && config.sequence() == 0,
                "config",
                "block 0 is the channel's genesis configuration (" + ProofVerifier.consensus(config) + ")",
                "the first block must be the genesis configuration block 0 (config sequence 0); it is block "
                        + first.number() + " with config sequence " + config.sequence())) {
            return Optional.empty();
        }
        if (!checks.check(
                markedValid(first),
                "config.valid",
                "the configuration transaction is marked VALID",
                "the configuration block's TRANSACTIONS_FILTER does not mark its transaction VALID")) {
            return Optional.empty();
        }
        if (!checks.check(
                channel.equals(config.channelId()),
                "config.channel",
                "block " + first.number() + " configures channel " + config.channelId(),
                "the configuration block is for channel " + config.channelId() + ", the bundle says " + channel)) {
            return Optional.empty();
        }
        ConfigChain configs = ConfigChain.startingWith(config);
        for (FabricBlock block : contents.blocks().values()) {
            if (block.number() > 0 && ChannelConfig.isConfigBlock(block)) {
                later(block, configs, checks);
            }
        }
        Map<String, Set<String>> declared = new TreeMap<>();
        for (ChannelConfig each : configs.configurations().values()) {
            each.rootCertificates()
                    .forEach((msp, certs) ->
                            declared.computeIfAbsent(msp, k -> new TreeSet<>()).addAll(fingerprints(certs)));
        }
        Map<String, Set<String>> brought = new TreeMap<>();
        contents.authorities().forEach((msp, certs) -> brought.put(msp, fingerprints(certs)));
        return checks.check(
                        declared.equals(brought),
                        "authorities.config",
                        "the bundle's CA certificates are those the configuration blocks " + configs.numbers()
                                + " declare for " + declared.keySet(),
                        "the bundle's CA certificates differ from the configuration blocks' " + configs.numbers()
                                + " (they declare " + declared.keySet() + ")")
                ? Optional.of(configs)
                : Optional.empty();
    }

    /**
     * A config block after the genesis block (a config update: an organisation or a consenter added or
     * removed). Only one that is valid, for this channel and the next in sequence joins the chain; blocks it
     * would govern then fail {@code governingConfig}.
     */
    private void later(FabricBlock block, ConfigChain configs, Checks checks) {
        String channel = contents.bundle().channel();
        String name = "config[" + block.number() + "]";
        ChannelConfig config;
        try {
            config = ChannelConfig.of(block);
            checks.pass(name, "config sequence " + config.sequence() + ", " + ProofVerifier.consensus(config));
        } catch (MalformedLedgerData e) {
            checks.fail(name, "the configuration block does not parse: " + e.getMessage());
            return;
        }
        boolean valid = checks.check(
                markedValid(block),
                name + ".valid",
                "the configuration transaction is marked VALID",
                "the configuration block's TRANSACTIONS_FILTER does not mark its transaction VALID");
        boolean sameChannel = checks.check(
                channel.equals(config.channelId()),
                name + ".channel",
                "configures channel " + config.channelId(),
                "the configuration block is for channel " + config.channelId() + ", the bundle says " + channel);
        if (valid && sameChannel) {
            try {
                configs.append(block.number(), config);
                checks.pass(name + ".sequence", "follows config sequence " + (config.sequence() - 1));
            } catch (ConfigChain.NotGoverned e) {
                checks.fail(name + ".sequence", e.getMessage());
            }
        }
    }

    private static boolean markedValid(FabricBlock configBlock) {
        byte[] codes = configBlock.validationCodes();
        return codes.length == 1 && codes[0] == TxValidationCode.VALID_VALUE;
    }

    private static Set<String> fingerprints(List<X509Certificate> certificates) {
        Set<String> set = new TreeSet<>();
        certificates.forEach(c -> set.add(ProofVerifier.sha256(c)));
        return set;
    }
}
