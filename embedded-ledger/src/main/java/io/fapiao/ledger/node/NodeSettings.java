package io.fapiao.ledger.node;

import io.fapiao.ledger.ordering.BlockCutting;
import java.nio.file.Path;

/**
 * How a ledger node runs: where it keeps its data, where it listens, which channel and chaincode it
 * serves, how it cuts blocks and whether it speaks TLS (on by default).
 *
 * <pre>{@code
 * NodeSettings settings = NodeSettings.defaults(Path.of("/var/lib/fapiao/ledger")).withPort(0);
 * }</pre>
 */
public record NodeSettings(
        Path dataDir,
        String listenAddress,
        int port,
        String channel,
        String chaincodeName,
        String chaincodeVersion,
        BlockCutting blockCutting,
        boolean tls) {

    public static final int DEFAULT_PORT = 7051;

    public static NodeSettings defaults(Path dataDir) {
        return new NodeSettings(
                dataDir, "0.0.0.0", DEFAULT_PORT, "fapiao", "fapiao", "1.0", BlockCutting.defaults(), true);
    }

    public NodeSettings withPort(int newPort) {
        return new NodeSettings(
                dataDir, listenAddress, newPort, channel, chaincodeName, chaincodeVersion, blockCutting, tls);
    }

    public NodeSettings withListenAddress(String address) {
        return new NodeSettings(dataDir, address, port, channel, chaincodeName, chaincodeVersion, blockCutting, tls);
    }

    public NodeSettings withChannel(String name) {
        return new NodeSettings(dataDir, listenAddress, port, name, chaincodeName, chaincodeVersion, blockCutting, tls);
    }

    public NodeSettings withChaincodeName(String name) {
        return new NodeSettings(dataDir, listenAddress, port, channel, name, chaincodeVersion, blockCutting, tls);
    }

    public NodeSettings withBlockCutting(BlockCutting cutting) {
        return new NodeSettings(dataDir, listenAddress, port, channel, chaincodeName, chaincodeVersion, cutting, tls);
    }

    public NodeSettings withTls(boolean enabled) {
        return new NodeSettings(
                dataDir, listenAddress, port, channel, chaincodeName, chaincodeVersion, blockCutting, enabled);
    }
}
