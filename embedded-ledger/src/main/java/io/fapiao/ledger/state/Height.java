package io.fapiao.ledger.state;

import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.Version;

/**
 * Where a write was committed: block number and position of the transaction in that block. Fabric
 * uses the same pair as the version of a key, so a read set entry names the height it read.
 *
 * <pre>{@code
 * Height h = new Height(12, 3);
 * KVRead read = KVRead.newBuilder().setKey("k").setVersion(h.toVersion()).build();
 * }</pre>
 */
public record Height(long blockNumber, long txNumber) {

    public Version toVersion() {
        return Version.newBuilder().setBlockNum(blockNumber).setTxNum(txNumber).build();
    }

    public static Height of(Version version) {
        return new Height(version.getBlockNum(), version.getTxNum());
    }
}
