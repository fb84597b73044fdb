package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The two digests Fabric derives from a proposal's headers, shared by the ledger node's endorser and
 * committer and by the proof verifier: the transaction id, lower-case hex of
 * {@code SHA-256(nonce ‖ creator)} (a client cannot choose it, so a replay is caught as a duplicate);
 * and the proposal hash, {@code SHA-256(channel header ‖ signature header ‖ proposal payload)}, which
 * the endorsed response carries to show it answers this very proposal. The payload is hashed without
 * its transient map: the endorser passes the payload re-encoded with its input alone (Fabric's
 * {@code GetProposalHash1}); a committer or auditor passes the payload bytes the transaction holds,
 * from which the client already removed the transient map ({@code GetProposalHash2}).
 *
 * <pre>{@code
 * boolean derived = tx.getTxId().equals(ProposalDigests.txId(header.getNonce(), header.getCreator()));
 * byte[] hash = ProposalDigests.proposalHash(channelHeaderBytes, signatureHeaderBytes, proposalPayloadBytes);
 * }</pre>
 */
public final class ProposalDigests {

    private ProposalDigests() {}

    /** Fabric's transaction id: lower-case hex of SHA-256(nonce ‖ creator). */
    public static String txId(ByteString nonce, ByteString creator) {
        MessageDigest digest = BlockHash.sha256();
        digest.update(nonce.asReadOnlyByteBuffer());
        digest.update(creator.asReadOnlyByteBuffer());
        return HexFormat.of().formatHex(digest.digest());
    }

    /** SHA-256(channel header ‖ signature header ‖ transient-free chaincode proposal payload), each as encoded bytes. */
    public static byte[] proposalHash(
            ByteString channelHeader, ByteString signatureHeader, ByteString proposalPayload) {
        MessageDigest digest = BlockHash.sha256();
        digest.update(channelHeader.asReadOnlyByteBuffer());
        digest.update(signatureHeader.asReadOnlyByteBuffer());
        digest.update(proposalPayload.asReadOnlyByteBuffer());
        return digest.digest();
    }
}
