package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Instant;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.peer.ChaincodeHeaderExtension;

/**
 * The headers of a chaincode proposal, unpacked: the channel header (type, channel, tx id, time), the
 * signature header (creator, nonce) and the channel header's chaincode extension. A signed proposal
 * carries them, and so does the transaction built from its response, byte for byte: the ledger
 * node's endorser reads them from the one, the proof verifier from the other, both through this.
 *
 * <pre>{@code
 * ProposalHeader headers = ProposalHeader.parse(header.getChannelHeader(), header.getSignatureHeader());
 * if (!headers.txIdDerived()) { ... }
 * String chaincode = headers.chaincodeName();
 * }</pre>
 */
public record ProposalHeader(
        ChannelHeader channelHeader, SignatureHeader signatureHeader, ChaincodeHeaderExtension extension) {

    /** Parses the channel header, the signature header and the chaincode extension, in that order. */
    public static ProposalHeader parse(ByteString channelHeader, ByteString signatureHeader)
            throws InvalidProtocolBufferException {
        ChannelHeader channel = ChannelHeader.parseFrom(channelHeader);
        SignatureHeader signature = SignatureHeader.parseFrom(signatureHeader);
        return new ProposalHeader(channel, signature, ChaincodeHeaderExtension.parseFrom(channel.getExtension()));
    }

    public String txId() {
        return channelHeader.getTxId();
    }

    public String channelId() {
        return channelHeader.getChannelId();
    }

    /** The client's time in the channel header. */
    public Instant timestamp() {
        return Instant.ofEpochSecond(
                channelHeader.getTimestamp().getSeconds(),
                channelHeader.getTimestamp().getNanos());
    }

    /** The chaincode the proposal addresses (the extension's chaincode id). */
    public String chaincodeName() {
        return extension.getChaincodeId().getName();
    }

    /** The tx id Fabric derives from this header's nonce and creator ({@link ProposalDigests#txId}). */
    public String derivedTxId() {
        return ProposalDigests.txId(signatureHeader.getNonce(), signatureHeader.getCreator());
    }

    /** Whether the tx id is the one derived from the nonce and creator, as Fabric requires. */
    public boolean txIdDerived() {
        return derivedTxId().equals(txId());
    }
}
