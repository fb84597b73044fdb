package io.fapiao.ledger.block;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.hyperledger.fabric.protos.common.Block;

/**
 * The append-only block file: the durable source of truth of the ledger. Each record is
 * {@code length (4 bytes) · CRC-32C of the block (4 bytes) · block bytes}. {@link #append} returns
 * only after the record is on disk ({@code fdatasync}), so nothing reports a block that a crash could
 * lose. Opening the file scans it and cuts off a torn tail: a record that is short, fails its CRC,
 * does not parse or does not carry the next block number was never acknowledged, since the sync
 * that would have acknowledged it did not finish.
 *
 * <pre>{@code
 * try (BlockFile blocks = BlockFile.open(dataDir.resolve("blocks"))) {
 *     blocks.append(block);
 *     Block genesis = blocks.read(0);
 * }
 * }</pre>
 */
public final class BlockFile implements AutoCloseable {

    private static final int FRAME = 8;
    private static final int MAX_BLOCK = 512 * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    private final List<Long> offsets = new ArrayList<>();
    private final long truncatedBytes;
    private long end;

    private BlockFile(Path path, FileChannel channel, boolean repair) throws IOException {
        this.path = path;
        this.channel = channel;
        long size = channel.size();
        long position = 0;
        while (position < size) {
            Block block = readAt(position, size);
            if (block == null || block.getHeader().getNumber() != offsets.size()) {
                break;
            }
            offsets.add(position);
            position += FRAME + block.getSerializedSize();
        }
        this.truncatedBytes = size - position;
        if (truncatedBytes > 0 && repair) {
            channel.truncate(position);
            channel.force(true);
        }
        this.end = position;
    }

    public static BlockFile open(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path path = directory.resolve("blockfile.dat");
        FileChannel channel =
                FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new BlockFile(path, channel, true);
    }

    /** Opens without repairing anything, for {@code verify}: a torn tail is only reported. */
    public static BlockFile openForReading(Path directory) throws IOException {
        Path path = directory.resolve("blockfile.dat");
        return new BlockFile(path, FileChannel.open(path, StandardOpenOption.READ), false);
    }

    /** How many bytes of a torn tail the open found (and, unless read-only, cut off); 0 after a clean shutdown. */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    /** Number of blocks, i.e. the next block number. */
    public synchronized long height() {
        return offsets.size();
    }

    /** Appends the next block and syncs it to disk before returning. */
    public synchronized void append(Block block) throws IOException {
        if (block.getHeader().getNumber() != offsets.size()) {
            throw new IllegalArgumentException("block " + block.getHeader().getNumber()
                    + " is not the next block; the file holds " + offsets.size());
        }
        byte[] bytes = block.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        ByteBuffer frame = ByteBuffer.allocate(FRAME + bytes.length)
                .putInt(bytes.length)
                .putInt((int) crc.getValue())
                .put(bytes)
                .flip();
        long at = end;
        while (frame.hasRemaining()) {
            channel.write(frame, at + frame.position());
        }
        channel.force(false);
        offsets.add(at);
        end = at + FRAME + bytes.length;
    }

    public Block read(long number) throws IOException {
        long offset;
        long limit;
        synchronized (this) {
            if (number < 0 || number >= offsets.size()) {
                throw new IllegalArgumentException("no block " + number + "; the ledger height is " + offsets.size());
            }
            offset = offsets.get((int) number);
            limit = end;
        }
        Block block = readAt(offset, limit);
        if (block == null) {
            throw new IOException("block " + number + " in " + path + " is corrupt");
        }
        return block;
    }

    private Block readAt(long position, long limit) throws IOException {
        if (limit - position < FRAME) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(FRAME);
        readFully(header, position);
        int length = header.getInt(0);
        int expectedCrc = header.getInt(4);
        if (length < 0 || length > MAX_BLOCK || position + FRAME + length > limit) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(body, position + FRAME);
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        if ((int) crc.getValue() != expectedCrc) {
            return null;
        }
        try {
            return Block.parseFrom(body.array());
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new EOFException("unexpected end of " + path);
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
