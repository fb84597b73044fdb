package io.fapiao.proof.fabric;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration blocks of a channel in order, from the genesis block (0) on, and which of them
 * governs a block's signatures. It mirrors how a Fabric node follows a channel
 * ({@code common/deliverclient/block_verification.go}): a block is verified under the configuration
 * in force, and a config block is verified under the configuration before it and only then
 * becomes the one in force.
 *
 * <ul>
 *   <li>The genesis block configures itself (Fabric writes it unsigned, see docs/proof.md).</li>
 *   <li>A later config block names itself as its last config and is governed by the config block
 *       before it; each is appended only if its sequence is exactly one more than that one's, so no
 *       config update between two config blocks of the chain can be missing.</li>
 *   <li>Any other block is governed by the config block its signed {@code last_config} index names,
 *       which must be in the chain, before the block, with no later config block of the chain
 *       before the block.</li>
 * </ul>
 *
 * <pre>{@code
 * ConfigChain chain = ConfigChain.startingWith(ChannelConfig.of(genesis));
 * chain.append(5, ChannelConfig.of(configBlock5));         // an organisation added
 * ConfigChain.Governing governing = chain.governing(block); // config block 5 for block 11
 * int needed = governing.config().consenters().quorum();
 * }</pre>
 */
public final class ConfigChain {

    private final TreeMap<Long, ChannelConfig> configs = new TreeMap<>();

    private ConfigChain(ChannelConfig genesis) {
        configs.put(0L, genesis);
    }

    /** A chain of the genesis configuration alone. */
    public static ConfigChain startingWith(ChannelConfig genesis) {
        return new ConfigChain(genesis);
    }

    /** The configuration in force for a block, and the number of the config block that declared it. */
    public record Governing(long configBlock, ChannelConfig config) {}

    /** A config block that cannot follow the chain, or a block whose configuration the chain does not hold. */
    public static final class NotGoverned extends Exception {
        public NotGoverned(String message) {
            super(message);
        }
    }

    /**
     * Appends the configuration of config block {@code number}, after checking it follows the last one.
     *
     * @throws NotGoverned when it is not later than the last config block, is for another channel, or its
     *                     sequence is not the next one (a config update in between is missing)
     */
    public void append(long number, ChannelConfig config) throws NotGoverned {
        Map.Entry<Long, ChannelConfig> last = configs.lastEntry();
        if (number <= last.getKey()) {
            throw new NotGoverned("config block " + number + " does not come after config block " + last.getKey());
        }
        if (!config.channelId().equals(last.getValue().channelId())) {
            throw new NotGoverned("config block " + number + " configures channel " + config.channelId() + ", not "
                    + last.getValue().channelId());
        }
        if (config.sequence() != last.getValue().sequence() + 1) {
            throw new NotGoverned("config block " + number + " has config sequence " + config.sequence()
                    + "; the config block before it in the bundle (" + last.getKey() + ") has sequence "
                    + last.getValue().sequence() + ", so "
                    + (config.sequence() > last.getValue().sequence()
                            ? "the config block(s) in between are missing"
                            : "it is not the next configuration"));
        }
        configs.put(number, config);
    }

    /** The config blocks of the chain, by number. */
    public Map<Long, ChannelConfig> configurations() {
        return Map.copyOf(configs);
    }

    /** Numbers of the chain's config blocks, ascending. */
    public List<Long> numbers() {
        return List.copyOf(configs.keySet());
    }

    /**
     * The configuration that governs {@code block}'s signatures.
     *
     * @throws NotGoverned when the block's signed last config index does not name a config block of the
     *                     chain that can govern it, or cannot be read
     */
    public Governing governing(FabricBlock block) throws NotGoverned {
        long number = block.number();
        long named;
        try {
            named = block.lastConfigIndex();
        } catch (MalformedLedgerData e) {
            throw new NotGoverned(e.getMessage());
        }
        if (number == 0) {
            if (named != 0) {
                throw new NotGoverned(
                        "the genesis block names config block " + named + " as its last config, not itself");
            }
            return new Governing(0, configs.get(0L));
        }
        if (ChannelConfig.isConfigBlock(block)) {
            // A config block's last config is itself (Fabric checks the same when it starts from one); its
            // signers are those of the configuration it replaces.
            if (named != number) {
                throw new NotGoverned("config block " + number + " names block " + named
                        + " as its last config; a config block names itself");
            }
            Map.Entry<Long, ChannelConfig> before = configs.lowerEntry(number);
            return new Governing(before.getKey(), before.getValue());
        }
        if (named >= number) {
            throw new NotGoverned(
                    "block " + number + " names block " + named + " as its last config, which is not before it");
        }
        ChannelConfig config = configs.get(named);
        if (config == null) {
            throw new NotGoverned("block " + number + " is governed by config block " + named
                    + ", which is not among the bundle's usable config blocks " + numbers());
        }
        Long later = configs.higherKey(named);
        if (later != null && later < number) {
            throw new NotGoverned("block " + number + " names config block " + named + " as its last config, but config"
                    + " block " + later + " came into force before it");
        }
        return new Governing(named, config);
    }
}
