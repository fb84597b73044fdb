package io.fapiao.proof.fabric;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;

/**
 * Fabric's block hashes, the one implementation the ledger node (which writes blocks) and the proof
 * verifier (which checks them) share. The header hash, what the next block's {@code previous_hash}
 * holds, is SHA-256 of the ASN.1 DER sequence
 * {@code (number INTEGER, previous_hash OCTET STRING, data_hash OCTET STRING)}, byte for byte what
 * Fabric's {@code protoutil.BlockHeaderBytes} writes; the data hash is SHA-256 of the concatenated
 * envelope bytes, as Fabric 3 computes it.
 *
 * <pre>{@code
 * byte[] previous = BlockHash.header(lastBlock.getHeader());
 * byte[] dataHash = BlockHash.data(block.getData());
 * byte[] signedHeader = BlockHash.headerBytes(block.getHeader());   // what orderers sign
 * }</pre>
 */
public final class BlockHash {

    private BlockHash() {}

    /** The DER bytes of a header, which orderers sign and hash. The number is Fabric's uint64. */
    public static byte[] headerBytes(BlockHeader header) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(new BigInteger(Long.toUnsignedString(header.getNumber()))));
        v.add(new DEROctetString(header.getPreviousHash().toByteArray()));
        v.add(new DEROctetString(header.getDataHash().toByteArray()));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of {@link #headerBytes}: what the next block's {@code previous_hash} must be. */
    public static byte[] header(BlockHeader header) {
        return sha256().digest(headerBytes(header));
    }

    /** SHA-256 of the concatenated envelope bytes: what the header's {@code data_hash} must be. */
    public static byte[] data(BlockData data) {
        return data(data.getDataList());
    }

    /** {@link #data(BlockData)} of envelopes not yet in a {@code BlockData}. */
    public static byte[] data(Iterable<ByteString> envelopes) {
        MessageDigest digest = sha256();
        envelopes.forEach(envelope -> digest.update(envelope.asReadOnlyByteBuffer()));
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
