package io.fapiao.proof.fabric;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.junit.jupiter.api.Test;

/**
 * Known answers for Fabric's block hashes, computed here without the code under test: the header's
 * DER bytes are written by hand, tag by tag, as Fabric's {@code protoutil.BlockHeaderBytes}
 * (Go's {@code encoding/asn1} of {@code asn1Header{Number *big.Int; PreviousHash, DataHash []byte}})
 * writes them, and one SHA-256 is a literal computed outside Java.
 */
class BlockHashTest {

    private static BlockHeader header(long number, byte[] previous, byte[] data) {
        return BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(ByteString.copyFrom(previous))
                .setDataHash(ByteString.copyFrom(data))
                .build();
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** One DER element: tag, short-form length (every element here is under 128 bytes), contents. */
    private static byte[] tlv(int tag, byte[]... contents) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] part : contents) {
            body.writeBytes(part);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    @Test
    void headerBytesAreTheDerSequenceOfNumberPreviousHashAndDataHash() throws Exception {
        byte[] previous = filled(32, 0x01);
        byte[] data = filled(32, 0x02);
        byte[] expected = tlv(0x30, tlv(0x02, bytes(0x01)), tlv(0x04, previous), tlv(0x04, data));
        assertThat(expected).hasSize(2 + 3 + 34 + 34).startsWith(bytes(0x30, 0x47, 0x02, 0x01, 0x01, 0x04, 0x20));

        BlockHeader header = header(1, previous, data);
        assertThat(BlockHash.headerBytes(header)).isEqualTo(expected);
        assertThat(BlockHash.header(header))
                .isEqualTo(sha256(expected))
                // sha256 of the same 73 bytes, by Python's hashlib
                .isEqualTo(HexFormat.of().parseHex("8958d309221dff9175606e70d8b0f60d44326787f5375730953d3e4c7277894b"));
    }

    @Test
    void theNumberIsAPositiveDerIntegerOfFabricsUint64() throws Exception {
        // 128 needs a leading zero byte, or it would read as -128.
        byte[] data = filled(32, 0x02);
        assertThat(BlockHash.headerBytes(header(128, new byte[0], data)))
                .isEqualTo(tlv(0x30, tlv(0x02, bytes(0x00, 0x80)), tlv(0x04), tlv(0x04, data)));
        // Fabric's number is a uint64: Java's -1 is 2^64 - 1, nine content bytes.
        byte[] max = tlv(
                0x30,
                tlv(0x02, bytes(0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)),
                tlv(0x04, filled(32, 0x03)),
                tlv(0x04, filled(32, 0x04)));
        assertThat(BlockHash.headerBytes(header(-1L, filled(32, 0x03), filled(32, 0x04))))
                .isEqualTo(max);
        assertThat(BlockHash.header(header(-1L, filled(32, 0x03), filled(32, 0x04))))
                .isEqualTo(sha256(max));
        // The genesis block: number 0 is one zero byte; its previous hash is empty.
        assertThat(BlockHash.headerBytes(header(0, new byte[0], new byte[0])))
                .isEqualTo(bytes(0x30, 0x07, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00));
    }

    @Test
    void theDataHashIsSha256OfTheConcatenatedEnvelopes() throws Exception {
        List<ByteString> envelopes = List.of(ByteString.copyFrom("ab", US_ASCII), ByteString.copyFrom("c", US_ASCII));
        byte[] abc = HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(BlockHash.data(envelopes)).isEqualTo(abc);
        assertThat(BlockHash.data(BlockData.newBuilder().addAllData(envelopes).build()))
                .isEqualTo(abc);
        assertThat(BlockHash.data(List.of())).isEqualTo(sha256(new byte[0]));
    }
}
