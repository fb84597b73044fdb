package io.fapiao.ledger.node;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.block.BlockFile;
import io.fapiao.ledger.commit.ChannelLedger;
import io.fapiao.ledger.commit.TransactionValidator;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.state.Scan;
import io.fapiao.ledger.state.StateStore;
import io.fapiao.ledger.state.VersionedValue;
import io.fapiao.proof.fabric.BlockHash;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * The {@code verify} command: re-checks a stopped node's data directory. Every block's number, data
 * hash, previous-header hash and orderer signature (and, if given, that the signer is the node's
 * orderer); then replays all blocks into a fresh state and compares it, key by key, with the stored
 * state at the same block. Reads only; a torn tail is reported, not cut.
 *
 * <pre>{@code
 * LedgerVerifier.Report report = LedgerVerifier.verify(dataDir, consortium.orderer().serialized());
 * if (!report.problems().isEmpty()) { ... }
 * }</pre>
 */
public final class LedgerVerifier {

    private LedgerVerifier() {}

    /** What verify found: blocks checked, state entries compared, and every difference. */
    public record Report(long blocks, long stateEntries, List<String> problems) {}

    public static Report verify(Path dataDir, ByteString expectedOrderer) throws IOException {
        return verify(dataDir, expectedOrderer, "fapiao", "fapiao");
    }

    public static Report verify(Path dataDir, ByteString expectedOrderer, String channel, String chaincode)
            throws IOException {
        List<String> problems = new ArrayList<>();
        TransactionValidator reader = new TransactionValidator(channel, chaincode, null, ByteString.EMPTY);
        Path scratch = Files.createTempDirectory("fapiao-verify");
        try (BlockFile blocks = BlockFile.openForReading(dataDir.resolve("blocks"));
                StateStore stored = StateStore.open(dataDir.resolve("state"));
                StateStore replayed = StateStore.open(scratch)) {
            if (blocks.truncatedBytes() > 0) {
                problems.add("the block file ends with a torn record of " + blocks.truncatedBytes()
                        + " bytes (the node cuts it off on its next start)");
            }
            long savepoint = stored.savepoint();
            byte[] previous = new byte[0];
            for (long n = 0; n < blocks.height(); n++) {
                Block block = blocks.read(n);
                checkBlock(block, n, previous, expectedOrderer, problems);
                previous = BlockHash.header(block.getHeader());
                if (n <= savepoint) {
                    replayed.apply(ChannelLedger.updateOf(block, ChannelLedger.readAll(reader, block)));
                }
            }
            // A state behind the block file (after a crash) is compared at its own savepoint; the node
            // replays the rest on its next start.
            long entries = compare(stored, replayed, problems);
            return new Report(blocks.height(), entries, problems);
        } finally {
            try (Stream<Path> paths = Files.walk(scratch)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void checkBlock(
            Block block, long n, byte[] previous, ByteString expectedOrderer, List<String> problems) {
        if (block.getHeader().getNumber() != n) {
            problems.add("block at position " + n + " says it is block "
                    + block.getHeader().getNumber());
        }
        if (!Arrays.equals(block.getHeader().getDataHash().toByteArray(), BlockHash.data(block.getData()))) {
            problems.add("block " + n + ": data hash does not match its transactions");
        }
        if (!Arrays.equals(block.getHeader().getPreviousHash().toByteArray(), previous)) {
            problems.add("block " + n + ": previous hash "
                    + hex(block.getHeader().getPreviousHash().toByteArray()) + " is not the hash of block " + (n - 1)
                    + "'s header " + hex(previous));
        }
        if (block.getMetadata()
                        .getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                        .size()
                != block.getData().getDataCount()) {
            problems.add("block " + n + ": the validation codes do not cover every transaction");
        }
        try {
            Metadata signatures =
                    Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
            if (signatures.getSignaturesCount() == 0) {
                problems.add("block " + n + ": not signed");
            }
            ByteString headerBytes = ByteString.copyFrom(BlockHash.headerBytes(block.getHeader()));
            for (MetadataSignature signature : signatures.getSignaturesList()) {
                ByteString creator = SignatureHeader.parseFrom(signature.getSignatureHeader())
                        .getCreator();
                if (expectedOrderer != null && !expectedOrderer.isEmpty() && !creator.equals(expectedOrderer)) {
                    problems.add("block " + n + ": signed by an identity that is not this node's orderer");
                }
                SerializedIdentity id = SerializedIdentity.parseFrom(creator);
                Member signer = new Member(
                        id.getMspid(), Pem.certificate(id.getIdBytes().toStringUtf8()), Set.of());
                byte[] signed = signatures
                        .getValue()
                        .concat(signature.getSignatureHeader())
                        .concat(headerBytes)
                        .toByteArray();
                if (!signer.verifies(signed, signature.getSignature().toByteArray())) {
                    problems.add("block " + n + ": the orderer signature does not verify");
                }
            }
        } catch (InvalidProtocolBufferException | ProtocolException e) {
            problems.add("block " + n + ": unreadable signature metadata: " + e.getMessage());
        }
    }

    private static long compare(StateStore stored, StateStore replayed, List<String> problems) {
        long count = 0;
        try (Scan<Map.Entry<String, VersionedValue>> a = stored.everything();
                Scan<Map.Entry<String, VersionedValue>> b = replayed.everything()) {
            Map.Entry<String, VersionedValue> x = a.hasNext() ? a.next() : null;
            Map.Entry<String, VersionedValue> y = b.hasNext() ? b.next() : null;
            while (x != null || y != null) {
                int order = x == null
                        ? 1
                        : y == null ? -1 : io.fapiao.ledger.execution.KeyOrder.UTF8.compare(x.getKey(), y.getKey());
                if (order < 0) {
                    problems.add("state key " + x.getKey() + " is stored but no block writes it");
                    x = a.hasNext() ? a.next() : null;
                } else if (order > 0) {
                    problems.add("state key " + y.getKey() + " is written by the blocks but missing from the state");
                    y = b.hasNext() ? b.next() : null;
                } else {
                    if (!Arrays.equals(x.getValue().value(), y.getValue().value())
                            || !x.getValue().height().equals(y.getValue().height())) {
                        problems.add("state key " + x.getKey() + " differs: stored version "
                                + x.getValue().height() + ", replayed from the blocks "
                                + y.getValue().height());
                    }
                    count++;
                    x = a.hasNext() ? a.next() : null;
                    y = b.hasNext() ? b.next() : null;
                }
            }
        }
        return count;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
