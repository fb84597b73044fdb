package io.fapiao.ledger.scc;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.commit.ChannelLedger;
import io.fapiao.ledger.state.TxLocation;
import io.fapiao.proof.fabric.BlockHash;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;

/**
 * The node's {@code qscc}: Fabric's query system chaincode, answering ledger questions through an
 * ordinary Evaluate on the chaincode name {@code qscc}. Arguments are {@code function, channel[, arg]};
 * results are the protobuf encodings a Fabric peer returns ({@code common.BlockchainInfo},
 * {@code common.Block} exactly as stored, with its TRANSACTIONS_FILTER, {@code peer.ProcessedTransaction})
 * and failures are status 500 with a peer's messages, so a client written against this node works
 * against a Fabric peer unchanged. Access is the channel's Readers policy, which any member that passed
 * the endorser's proposal checks satisfies.
 *
 * <pre>{@code
 * LedgerQueries.Answer answer = queries.invoke(List.of(utf8("GetBlockByNumber"), utf8("fapiao"), utf8("3")));
 * if (answer.status() == 200) { Block block = Block.parseFrom(answer.payload()); }
 * }</pre>
 */
public final class LedgerQueries {

    /** The system chaincode's name, as clients address it. */
    public static final String NAME = "qscc";
    /** Fabric's version string for every system chaincode. */
    public static final String VERSION = "syscc";

    private static final Logger LOG = Logger.getLogger(LedgerQueries.class.getName());
    private static final BigInteger MAX_UINT64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final String channel;
    private final ChannelLedger ledger;

    public LedgerQueries(String channel, ChannelLedger ledger) {
        this.channel = channel;
        this.ledger = ledger;
    }

    /** A chaincode response: status 200 with the encoded message, or 500 with the message. */
    public record Answer(int status, String message, ByteString payload) {
        static Answer success(ByteString payload) {
            return new Answer(200, "", payload);
        }

        static Answer error(String message) {
            return new Answer(500, message, ByteString.EMPTY);
        }
    }

    /** Runs one query; never throws for bad input, as a chaincode answers every call. */
    public Answer invoke(List<ByteString> args) {
        if (args.size() < 2) {
            return Answer.error("Incorrect number of arguments, " + args.size());
        }
        String function = args.get(0).toStringUtf8();
        String channelId = args.get(1).toStringUtf8();
        if (!function.equals("GetChainInfo") && args.size() < 3) {
            return Answer.error("missing 3rd argument for " + function);
        }
        if (!channel.equals(channelId)) {
            return Answer.error("Invalid chain ID, " + channelId);
        }
        try {
            return switch (function) {
                case "GetChainInfo" -> chainInfo();
                case "GetBlockByNumber" -> blockByNumber(args.get(2).toStringUtf8());
                case "GetBlockByHash" -> blockByHash(args.get(2));
                case "GetBlockByTxID" -> blockByTxId(args.get(2).toStringUtf8());
                case "GetTransactionByID" -> transactionById(args.get(2).toStringUtf8());
                // A peer checks the ACL of "qscc/<function>" first; an unknown function has no policy.
                default ->
                    Answer.error("access denied for [" + function + "][" + channelId + "]: [Unmapped policy for qscc/"
                            + function + "]");
            };
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "cannot read the block file for " + function, e);
            return Answer.error("Failed to read the block store: " + e.getMessage());
        }
    }

    private Answer chainInfo() throws IOException {
        long height = ledger.height();
        Block last = ledger.block(height - 1);
        return Answer.success(BlockchainInfo.newBuilder()
                .setHeight(height)
                .setCurrentBlockHash(ByteString.copyFrom(BlockHash.header(last.getHeader())))
                .setPreviousBlockHash(last.getHeader().getPreviousHash())
                .build()
                .toByteString());
    }

    private Answer blockByNumber(String text) throws IOException {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Answer.error("Failed to parse block number with error strconv.ParseUint: parsing " + goQuote(text)
                    + ": invalid syntax");
        }
        BigInteger value = new BigInteger(text);
        if (value.compareTo(MAX_UINT64) > 0) {
            return Answer.error("Failed to parse block number with error strconv.ParseUint: parsing " + goQuote(text)
                    + ": value out of range");
        }
        long height = ledger.height();
        // A peer reads 2^64-1 as "the last block".
        long number = value.equals(MAX_UINT64) ? height - 1 : value.longValue();
        if (value.compareTo(BigInteger.valueOf(height)) >= 0 && !value.equals(MAX_UINT64)) {
            return Answer.error(
                    "Failed to get block number " + value + ", error no such block number [" + value + "] in index");
        }
        return Answer.success(ledger.block(number).toByteString());
    }

    private Answer blockByHash(ByteString hash) throws IOException {
        byte[] wanted = hash.toByteArray();
        // No hash index: a scan from the newest block, which is where an auditor usually looks.
        for (long n = ledger.height() - 1; n >= 0; n--) {
            Block block = ledger.block(n);
            if (Arrays.equals(BlockHash.header(block.getHeader()), wanted)) {
                return Answer.success(block.toByteString());
            }
        }
        return Answer.error("Failed to get block hash " + hash.toString(StandardCharsets.ISO_8859_1)
                + ", error no such block hash [" + java.util.HexFormat.of().formatHex(wanted) + "] in index");
    }

    private Answer blockByTxId(String txId) throws IOException {
        Optional<TxLocation> at = ledger.transaction(txId);
        if (at.isEmpty()) {
            return Answer.error(
                    "Failed to get block for txID " + txId + ", error no such transaction ID [" + txId + "] in index");
        }
        return Answer.success(ledger.block(at.get().blockNumber()).toByteString());
    }

    private Answer transactionById(String txId) throws IOException {
        Optional<TxLocation> at = ledger.transaction(txId);
        if (at.isEmpty()) {
            return Answer.error("Failed to get transaction with id " + txId + ", error no such transaction ID [" + txId
                    + "] in index");
        }
        Block block = ledger.block(at.get().blockNumber());
        Envelope envelope = Envelope.parseFrom(block.getData().getData(at.get().txNumber()));
        return Answer.success(ProcessedTransaction.newBuilder()
                .setTransactionEnvelope(envelope)
                .setValidationCode(at.get().code().getNumber())
                .build()
                .toByteString());
    }

    /** Go's %q of a string: double quotes, backslash escapes for quotes, backslashes and control characters. */
    static String goQuote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
