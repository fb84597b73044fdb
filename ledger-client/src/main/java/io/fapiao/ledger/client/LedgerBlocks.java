package io.fapiao.ledger.client;

import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.client.LedgerException.Step;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;

/**
 * The channel's blocks and transactions, read through the query system chaincode {@code qscc} that
 * every Fabric peer (and the embedded node) answers: what an auditor needs to check a history
 * independently of the contract. Results are the fabric-protos messages as the peer stored them,
 * with their signatures and validation codes.
 *
 * <pre>{@code
 * LedgerBlocks blocks = new LedgerBlocks(ledger);
 * long height = blocks.chainInfo().getHeight();
 * Block holding = blocks.blockOf(transactionId);
 * ProcessedTransaction tx = blocks.transaction(transactionId);   // envelope + validation code
 * }</pre>
 */
public final class LedgerBlocks {

    /** The name every Fabric peer serves its ledger queries under. */
    public static final String QUERY_CHAINCODE = "qscc";

    private final Ledger ledger;

    public LedgerBlocks(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Height and the hashes of the last block. */
    public BlockchainInfo chainInfo() throws LedgerException {
        byte[] bytes = query("GetChainInfo");
        try {
            return BlockchainInfo.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unexpected("GetChainInfo", "common.BlockchainInfo", e);
        }
    }

    /**
     * The block with this number.
     *
     * @throws NotOnLedger when the number is at or past the height
     */
    public Block block(long number) throws LedgerException {
        if (number < 0) {
            throw new NotOnLedger(Step.EVALUATE, "block numbers start at 0; " + number + " is none", null);
        }
        return parseBlock("GetBlockByNumber", query("GetBlockByNumber", Long.toString(number)));
    }

    /**
     * The block holding a transaction (the first, if the id was ordered more than once).
     *
     * @throws NotOnLedger when no block holds it
     */
    public Block blockOf(String transactionId) throws LedgerException {
        return parseBlock("GetBlockByTxID", query("GetBlockByTxID", transactionId));
    }

    /**
     * A transaction's envelope and its validation code.
     *
     * @throws NotOnLedger when no block holds it
     */
    public ProcessedTransaction transaction(String transactionId) throws LedgerException {
        byte[] bytes = query("GetTransactionByID", transactionId);
        try {
            return ProcessedTransaction.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unexpected("GetTransactionByID", "peer.ProcessedTransaction", e);
        }
    }

    private byte[] query(String function, String... argument) throws LedgerException {
        String[] arguments = new String[argument.length + 1];
        arguments[0] = ledger.settings().channel();
        System.arraycopy(argument, 0, arguments, 1, argument.length);
        try {
            return ledger.evaluateOn(QUERY_CHAINCODE, function, arguments);
        } catch (ChaincodeRejection e) {
            // qscc's messages carry no code; "no such ... in index" is the block store's not-found.
            if (e.reason().contains("in index")) {
                throw new NotOnLedger(Step.EVALUATE, e.reason(), e);
            }
            throw e;
        }
    }

    private static Block parseBlock(String function, byte[] bytes) throws UnexpectedResult {
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw unexpected(function, "common.Block", e);
        }
    }

    private static UnexpectedResult unexpected(String function, String type, Exception cause) {
        return new UnexpectedResult(
                Step.EVALUATE,
                null,
                "qscc " + function + " returned something that is not a " + type + ": " + cause.getMessage(),
                cause);
    }
}
