package io.fapiao.ledger.client.provenance;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.proof.fabric.ChannelConfig;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.MalformedLedgerData;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The configuration blocks a proof bundle needs besides its step blocks: the one each step block names
 * as its last config, and every config block before the newest of those back to the genesis block, so
 * that the verifier can check each under the one before it (docs/proof.md). A config block's
 * predecessor is found as Fabric finds it: the block just before a config block was cut under the
 * previous configuration and names it. On the embedded node every block names block 0, so nothing is
 * added but block 0.
 *
 * <pre>{@code
 * Map<Long, FabricBlock> held = ...;                        // block 0 and the step blocks
 * List<ChannelConfig> configs = ConfigBlocks.addTo(held, number -> FabricBlock.parse(...));
 * }</pre>
 */
final class ConfigBlocks {

    /** Reads one block of the channel (qscc {@code GetBlockByNumber} in production). */
    @FunctionalInterface
    interface Source {
        FabricBlock block(long number) throws LedgerException, ProvenanceException;
    }

    private ConfigBlocks() {}

    /**
     * Adds the needed config blocks to {@code held} (block number → block) and returns their configurations
     * in block order, the genesis block's first.
     *
     * @throws ProvenanceException INCONSISTENT_LEDGER when a named block is no config block or the names loop
     */
    static List<ChannelConfig> addTo(Map<Long, FabricBlock> held, Source source)
            throws LedgerException, ProvenanceException {
        TreeSet<Long> named = new TreeSet<>();
        named.add(0L);
        for (FabricBlock block : held.values()) {
            named.add(lastConfig(block));
        }
        TreeMap<Long, ChannelConfig> chain = new TreeMap<>();
        long number = named.last();
        while (true) {
            FabricBlock config = held.containsKey(number) ? held.get(number) : source.block(number);
            try {
                chain.put(number, ChannelConfig.of(config));
            } catch (MalformedLedgerData e) {
                throw inconsistent(
                        "block " + number + " is named as a configuration block but is none: " + e.getMessage(), e);
            }
            held.putIfAbsent(number, config);
            if (number == 0) {
                break;
            }
            long previous = lastConfig(held.containsKey(number - 1) ? held.get(number - 1) : source.block(number - 1));
            if (previous >= number) {
                throw inconsistent("block " + (number - 1) + " names block " + previous + " as its last config", null);
            }
            number = previous;
        }
        if (!chain.keySet().containsAll(named)) {
            named.removeAll(chain.keySet());
            throw inconsistent(
                    "blocks name " + named + " as their last config, which are not in the channel's "
                            + "chain of configuration blocks " + chain.keySet(),
                    null);
        }
        return List.copyOf(chain.values());
    }

    private static long lastConfig(FabricBlock block) throws ProvenanceException {
        try {
            return block.lastConfigIndex();
        } catch (MalformedLedgerData e) {
            throw inconsistent("block " + block.number() + ": " + e.getMessage(), e);
        }
    }

    private static ProvenanceException inconsistent(String message, Throwable cause) {
        return new ProvenanceException(ProvenanceException.Reason.INCONSISTENT_LEDGER, message, cause);
    }
}
