package io.fapiao.ledger.execution;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.peer.SignedProposal;

/**
 * What a contract may know about the proposal it runs for: the fields Fabric's peer passes to
 * chaincode, already unpacked from the signed proposal.
 *
 * <pre>{@code
 * Invocation call = new Invocation("fapiao", txId, signed, creator, Instant.now(), Map.of(), binding,
 *         List.of(ByteString.copyFromUtf8("ledgertest:Get"), ByteString.copyFromUtf8("k")), "HospitalOrgMSP");
 * }</pre>
 */
public record Invocation(
        String channelId,
        String txId,
        SignedProposal signedProposal,
        ByteString creator,
        Instant timestamp,
        Map<String, ByteString> transientMap,
        byte[] binding,
        List<ByteString> args,
        String peerMspId) {

    public Invocation {
        transientMap = Map.copyOf(transientMap);
        args = List.copyOf(args);
    }
}
