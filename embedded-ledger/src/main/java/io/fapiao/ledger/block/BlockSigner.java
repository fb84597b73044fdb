package io.fapiao.ledger.block;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.proof.fabric.BlockHash;
import java.security.SecureRandom;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.LastConfig;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * Cuts a Fabric block from ordered envelopes and signs it with the node's orderer identity as a Fabric
 * orderer's block writer does: the SIGNATURES metadata holds an {@code OrdererBlockMetadata} (last
 * config index) and one signature over {@code value · signature header · DER header bytes}. The
 * TRANSACTIONS_FILTER (validation codes) is added later by the committer; like in Fabric it is not
 * covered by the signature.
 *
 * <pre>{@code
 * Block block = signer.assemble(number, previousHeaderHash, envelopes);
 * }</pre>
 */
public final class BlockSigner {

    private static final int METADATA_ENTRIES = BlockMetadataIndex.COMMIT_HASH_VALUE + 1;

    private final SigningIdentity orderer;
    private final SecureRandom random = new SecureRandom();

    public BlockSigner(SigningIdentity orderer) {
        this.orderer = orderer;
    }

    // LAST_CONFIG_VALUE is deprecated in Fabric's protos: Fabric 3 reads the index from the SIGNATURES
    // entry. Fabric's orderers still fill the old entry for older clients, and so do we: same block layout.
    @SuppressWarnings("deprecation")
    public Block assemble(long number, byte[] previousHash, Iterable<ByteString> envelopes) {
        BlockData data = BlockData.newBuilder().addAllData(envelopes).build();
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(ByteString.copyFrom(previousHash))
                .setDataHash(ByteString.copyFrom(BlockHash.data(data)))
                .build();
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        ByteString signatureHeader = SignatureHeader.newBuilder()
                .setCreator(orderer.serialized())
                .setNonce(ByteString.copyFrom(nonce))
                .build()
                .toByteString();
        ByteString value = OrdererBlockMetadata.newBuilder()
                .setLastConfig(LastConfig.newBuilder().setIndex(0))
                .setConsenterMetadata(Metadata.getDefaultInstance().toByteString())
                .build()
                .toByteString();
        byte[] signed = value.concat(signatureHeader)
                .concat(ByteString.copyFrom(BlockHash.headerBytes(header)))
                .toByteArray();
        ByteString signatures = Metadata.newBuilder()
                .setValue(value)
                .addSignatures(MetadataSignature.newBuilder()
                        .setSignatureHeader(signatureHeader)
                        .setSignature(ByteString.copyFrom(orderer.sign(signed))))
                .build()
                .toByteString();
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < METADATA_ENTRIES; i++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        metadata.setMetadata(BlockMetadataIndex.SIGNATURES_VALUE, signatures);
        metadata.setMetadata(
                BlockMetadataIndex.LAST_CONFIG_VALUE,
                Metadata.newBuilder()
                        .setValue(LastConfig.newBuilder().setIndex(0).build().toByteString())
                        .build()
                        .toByteString());
        return Block.newBuilder()
                .setHeader(header)
                .setData(data)
                .setMetadata(metadata)
                .build();
    }
}
