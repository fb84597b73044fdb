package io.fapiao.ledger.commit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.fapiao.ledger.auth.AuthenticationFailed;
import io.fapiao.ledger.auth.Authenticator;
import io.fapiao.ledger.msp.Member;
import io.fapiao.proof.fabric.ProposalDigests;
import java.util.Arrays;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The state-independent half of a Fabric committer's validation of one envelope, with Fabric's codes:
 * payload and header structure, the creator's signature over the payload ({@code BAD_CREATOR_SIGNATURE}),
 * the tx id ({@code BAD_PROPOSAL_TXID}), one action whose proposal hash matches
 * ({@code INVALID_ENDORSER_TRANSACTION}), and the endorsement policy of this node — a valid endorsement
 * by the node's peer identity over the response payload ({@code ENDORSEMENT_POLICY_FAILURE}).
 * Thread-safe, so a block's envelopes can be checked in parallel.
 *
 * <pre>{@code
 * CheckedTransaction tx = validator.check(block.getData().getData(i));
 * }</pre>
 */
public final class TransactionValidator {

    private final String channel;
    private final String chaincodeName;
    private final Authenticator authenticator;
    private final ByteString peerIdentity;

    public TransactionValidator(
            String channel, String chaincodeName, Authenticator authenticator, ByteString peerIdentity) {
        this.channel = channel;
        this.chaincodeName = chaincodeName;
        this.authenticator = authenticator;
        this.peerIdentity = peerIdentity;
    }

    /** All checks, for a transaction being ordered into a new block. */
    public CheckedTransaction check(ByteString envelopeBytes) {
        return inspect(envelopeBytes, true);
    }

    /**
     * Parses a transaction of a block already on disk, without the signature and endorsement checks:
     * its validation code is the one recorded in the block (identities may have expired since).
     */
    public CheckedTransaction read(ByteString envelopeBytes) {
        return inspect(envelopeBytes, false);
    }

    private CheckedTransaction inspect(ByteString envelopeBytes, boolean authenticate) {
        Envelope envelope;
        Payload payload;
        ChannelHeader channelHeader;
        SignatureHeader signatureHeader;
        try {
            envelope = Envelope.parseFrom(envelopeBytes);
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.invalid(TxValidationCode.NIL_ENVELOPE, "");
        }
        try {
            payload = Payload.parseFrom(envelope.getPayload());
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.invalid(TxValidationCode.BAD_PAYLOAD, "");
        }
        try {
            channelHeader = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            signatureHeader = SignatureHeader.parseFrom(payload.getHeader().getSignatureHeader());
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.invalid(TxValidationCode.BAD_COMMON_HEADER, "");
        }
        String txId = channelHeader.getTxId();
        if (channelHeader.getType() == HeaderType.CONFIG_VALUE && !authenticate) {
            return new CheckedTransaction(
                    TxValidationCode.VALID,
                    txId,
                    channelHeader.getTimestamp(),
                    "",
                    KVRWSet.getDefaultInstance(),
                    null,
                    true);
        }
        if (channelHeader.getType() == HeaderType.CONFIG_VALUE) {
            // Only the genesis block carries a config transaction; the node accepts no config updates.
            return CheckedTransaction.invalid(TxValidationCode.INVALID_CONFIG_TRANSACTION, txId);
        }
        if (channelHeader.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return CheckedTransaction.invalid(TxValidationCode.UNSUPPORTED_TX_PAYLOAD, txId);
        }
        if (signatureHeader.getNonce().isEmpty()
                || signatureHeader.getCreator().isEmpty()
                || channelHeader.getEpoch() != 0) {
            return CheckedTransaction.invalid(TxValidationCode.BAD_COMMON_HEADER, txId);
        }
        if (!channel.equals(channelHeader.getChannelId())) {
            return CheckedTransaction.invalid(TxValidationCode.TARGET_CHAIN_NOT_FOUND, txId);
        }
        try {
            if (authenticate) {
                authenticator.authenticate(
                        signatureHeader.getCreator(), envelope.getPayload(), envelope.getSignature());
            }
        } catch (AuthenticationFailed e) {
            return CheckedTransaction.invalid(TxValidationCode.BAD_CREATOR_SIGNATURE, txId);
        }
        if (!txId.equals(ProposalDigests.txId(signatureHeader.getNonce(), signatureHeader.getCreator()))) {
            return CheckedTransaction.invalid(TxValidationCode.BAD_PROPOSAL_TXID, txId);
        }
        ChaincodeActionPayload actionPayload;
        ProposalResponsePayload responsePayload;
        ChaincodeAction action;
        try {
            Transaction tx = Transaction.parseFrom(payload.getData());
            if (tx.getActionsCount() != 1) {
                return CheckedTransaction.invalid(TxValidationCode.INVALID_ENDORSER_TRANSACTION, txId);
            }
            SignatureHeader actionHeader =
                    SignatureHeader.parseFrom(tx.getActions(0).getHeader());
            if (actionHeader.getNonce().isEmpty() || actionHeader.getCreator().isEmpty()) {
                return CheckedTransaction.invalid(TxValidationCode.INVALID_ENDORSER_TRANSACTION, txId);
            }
            actionPayload = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
            responsePayload =
                    ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
            byte[] expectedHash = proposalHash(
                    payload.getHeader().getChannelHeader(),
                    tx.getActions(0).getHeader(),
                    actionPayload.getChaincodeProposalPayload());
            if (!Arrays.equals(expectedHash, responsePayload.getProposalHash().toByteArray())) {
                return CheckedTransaction.invalid(TxValidationCode.INVALID_ENDORSER_TRANSACTION, txId);
            }
            action = ChaincodeAction.parseFrom(responsePayload.getExtension());
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.invalid(TxValidationCode.INVALID_ENDORSER_TRANSACTION, txId);
        }
        if (!chaincodeName.equals(action.getChaincodeId().getName())) {
            return CheckedTransaction.invalid(TxValidationCode.INVALID_CHAINCODE, txId);
        }
        if (authenticate
                && !endorsedByThisNode(
                        actionPayload.getAction().getProposalResponsePayload(),
                        actionPayload.getAction().getEndorsementsList())) {
            return CheckedTransaction.invalid(TxValidationCode.ENDORSEMENT_POLICY_FAILURE, txId);
        }
        KVRWSet kv = KVRWSet.getDefaultInstance();
        ChaincodeEvent event = null;
        try {
            TxReadWriteSet rwset = TxReadWriteSet.parseFrom(action.getResults());
            for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
                if (!ns.getNamespace().equals(chaincodeName)) {
                    return CheckedTransaction.invalid(TxValidationCode.ILLEGAL_WRITESET, txId);
                }
                kv = KVRWSet.parseFrom(ns.getRwset());
            }
            if (!action.getEvents().isEmpty()) {
                event = ChaincodeEvent.parseFrom(action.getEvents());
            }
        } catch (InvalidProtocolBufferException e) {
            return CheckedTransaction.invalid(TxValidationCode.BAD_RWSET, txId);
        }
        return new CheckedTransaction(
                TxValidationCode.VALID, txId, channelHeader.getTimestamp(), chaincodeName, kv, event, false);
    }

    private boolean endorsedByThisNode(ByteString responsePayload, Iterable<Endorsement> endorsements) {
        for (Endorsement endorsement : endorsements) {
            if (!endorsement.getEndorser().equals(peerIdentity)) {
                continue;
            }
            try {
                Member endorser = authenticator.member(endorsement.getEndorser());
                if (endorser.verifies(
                        responsePayload.concat(endorsement.getEndorser()).toByteArray(),
                        endorsement.getSignature().toByteArray())) {
                    return true;
                }
            } catch (AuthenticationFailed e) {
                return false;
            }
        }
        return false;
    }

    private static byte[] proposalHash(ByteString channelHeader, ByteString signatureHeader, ByteString ccPayload)
            throws InvalidProtocolBufferException {
        // Re-encoded with its input alone, as the endorser hashed it (transient map dropped).
        ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(ccPayload);
        return ProposalDigests.proposalHash(
                channelHeader,
                signatureHeader,
                ChaincodeProposalPayload.newBuilder()
                        .setInput(cpp.getInput())
                        .build()
                        .toByteString());
    }
}
