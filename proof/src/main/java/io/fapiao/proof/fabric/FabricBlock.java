package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.IdentifierHeader;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * A Fabric block read strictly, with the checks that need nothing but the block: its data hash
 * (SHA-256 of the concatenated envelopes), its header hash (SHA-256 of the DER header, what the next
 * block's {@code previous_hash} holds), the orderer signatures of its SIGNATURES metadata (each over
 * {@code metadata value ‖ signature or identifier header ‖ DER header}), the last config index they
 * sign, and its TRANSACTIONS_FILTER.
 *
 * <pre>{@code
 * FabricBlock block = FabricBlock.parse(bytes);
 * boolean intact = Arrays.equals(block.computedDataHash(), block.header().getDataHash().toByteArray());
 * long governedBy = block.lastConfigIndex();
 * for (BlockSignature s : block.signatures()) { ... }
 * }</pre>
 */
public final class FabricBlock {

    private final Block block;

    private FabricBlock(Block block) {
        this.block = block;
    }

    /**
     * Parses block bytes, refusing anything a Fabric orderer would not have written: unknown fields,
     * or bytes that do not re-encode to themselves (so no byte of the block is outside what is checked).
     */
    public static FabricBlock parse(byte[] bytes) throws MalformedLedgerData {
        Block block;
        try {
            block = Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("block does not parse: " + e.getMessage(), e);
        }
        requireKnownFields("block", block);
        requireKnownFields("block header", block.getHeader());
        requireKnownFields("block data", block.getData());
        requireKnownFields("block metadata", block.getMetadata());
        if (!Arrays.equals(block.toByteArray(), bytes)) {
            throw new MalformedLedgerData("block bytes are not the canonical encoding of the block they parse to");
        }
        if (!block.hasHeader()) {
            throw new MalformedLedgerData("block has no header");
        }
        return new FabricBlock(block);
    }

    static void requireKnownFields(String what, Message message) throws MalformedLedgerData {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            throw new MalformedLedgerData(what + " carries fields Fabric does not define: "
                    + message.getUnknownFields().asMap().keySet());
        }
    }

    public Block block() {
        return block;
    }

    public long number() {
        return block.getHeader().getNumber();
    }

    public BlockHeader header() {
        return block.getHeader();
    }

    public List<ByteString> envelopes() {
        return block.getData().getDataList();
    }

    /** SHA-256 of the concatenated envelope bytes ({@link BlockHash#data}). */
    public byte[] computedDataHash() {
        return BlockHash.data(envelopes());
    }

    public boolean dataHashMatches() {
        return Arrays.equals(computedDataHash(), header().getDataHash().toByteArray());
    }

    /** The header hash ({@link BlockHash#header}): what the next block's {@code previous_hash} must be. */
    public byte[] headerHash() {
        return BlockHash.header(header());
    }

    /**
     * The orderer signatures of the SIGNATURES metadata, in either form ({@link BlockSignature}):
     * a signature header naming the signer, or (SmartBFT) an empty signature header and an
     * identifier header naming a consenter id. Which form a channel may use is the verifier's
     * decision, by the channel configuration's consensus type; here a signature with both headers
     * or neither, or headers that do not parse, is malformed.
     */
    public List<BlockSignature> signatures() throws MalformedLedgerData {
        Metadata metadata = signatureMetadata();
        ByteString header = ByteString.copyFrom(BlockHash.headerBytes(header()));
        List<BlockSignature> signatures = new ArrayList<>();
        for (int i = 0; i < metadata.getSignaturesCount(); i++) {
            MetadataSignature signature = metadata.getSignatures(i);
            requireKnownFields("metadata signature", signature);
            boolean bySignatureHeader = !signature.getSignatureHeader().isEmpty();
            boolean byIdentifierHeader = !signature.getIdentifierHeader().isEmpty();
            if (bySignatureHeader == byIdentifierHeader) {
                throw new MalformedLedgerData("signature #" + i + " of block " + number() + " has "
                        + (bySignatureHeader
                                ? "both a signature header and an identifier header"
                                : "neither a " + "signature header nor an identifier header")
                        + "; Fabric writes exactly one");
            }
            if (bySignatureHeader) {
                SignatureHeader signatureHeader;
                try {
                    signatureHeader = SignatureHeader.parseFrom(signature.getSignatureHeader());
                } catch (InvalidProtocolBufferException e) {
                    throw new MalformedLedgerData(
                            "signature header #" + i + " of block " + number() + " does not parse", e);
                }
                FabricIdentity signer = FabricIdentity.parse(signatureHeader.getCreator());
                ByteString signed = metadata.getValue()
                        .concat(signature.getSignatureHeader())
                        .concat(header);
                signatures.add(new BlockSignature.ByCreator(i, signer, signed, signature.getSignature()));
            } else {
                IdentifierHeader identifierHeader;
                try {
                    identifierHeader = IdentifierHeader.parseFrom(signature.getIdentifierHeader());
                } catch (InvalidProtocolBufferException e) {
                    throw new MalformedLedgerData(
                            "identifier header #" + i + " of block " + number() + " does not parse", e);
                }
                // As SmartBFT signs (orderer/consensus/smartbft/signature.go) and Fabric's block verifier checks
                // (protoutil/blockutils.go): value ‖ identifier header ‖ DER header.
                ByteString signed = metadata.getValue()
                        .concat(signature.getIdentifierHeader())
                        .concat(header);
                signatures.add(new BlockSignature.ByConsenter(
                        i, Integer.toUnsignedLong(identifierHeader.getIdentifier()), signed, signature.getSignature()));
            }
        }
        return signatures;
    }

    /**
     * The number of the configuration block in force when the block was cut: the {@code last_config}
     * index of the {@code OrdererBlockMetadata} in the SIGNATURES metadata value. That value is part
     * of what every orderer signature covers; the LAST_CONFIG metadata entry (which Fabric 3 no
     * longer reads) is not, and is ignored. A config block names itself.
     */
    public long lastConfigIndex() throws MalformedLedgerData {
        ByteString value = signatureMetadata().getValue();
        if (value.isEmpty()) {
            throw new MalformedLedgerData("block " + number() + " has no orderer block metadata (last config index) "
                    + "in its SIGNATURES metadata");
        }
        try {
            OrdererBlockMetadata metadata = OrdererBlockMetadata.parseFrom(value);
            if (!metadata.hasLastConfig()) {
                throw new MalformedLedgerData(
                        "the orderer block metadata of block " + number() + " has no last config");
            }
            return metadata.getLastConfig().getIndex();
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("the orderer block metadata of block " + number() + " does not parse", e);
        }
    }

    private Metadata signatureMetadata() throws MalformedLedgerData {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.SIGNATURES_VALUE) {
            throw new MalformedLedgerData("block " + number() + " has no SIGNATURES metadata");
        }
        Metadata metadata;
        ByteString raw = block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE);
        try {
            metadata = Metadata.parseFrom(raw);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedLedgerData("SIGNATURES metadata of block " + number() + " does not parse", e);
        }
        // The list of signatures is not itself signed: only a canonical encoding with nothing unknown leaves
        // no byte of it unchecked.
        requireKnownFields("SIGNATURES metadata", metadata);
        if (!metadata.toByteString().equals(raw)) {
            throw new MalformedLedgerData("SIGNATURES metadata of block " + number() + " is not canonically encoded");
        }
        return metadata;
    }

    /** The validation code of each transaction (TRANSACTIONS_FILTER); empty if the committer set none. */
    public byte[] validationCodes() {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
            return new byte[0];
        }
        return block.getMetadata()
                .getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                .toByteArray();
    }
}
