package io.fapiao.ledger.client.events;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An {@link EventCheckpoint} in a small file: the position is written to a temporary file, forced to
 * disk and renamed over the old one, so a crash leaves either the old or the new position, never a
 * torn one. The handler's effects are not in the same file, so a crash after handling an event and
 * before the rename hands that one event to the handler again on restart: use it for handlers whose
 * effects are idempotent, and a database-backed checkpoint for exactly-once.
 *
 * <pre>{@code
 * EventCheckpoint checkpoint = new FileEventCheckpoint(Path.of("verifier.checkpoint"));
 * }</pre>
 */
public final class FileEventCheckpoint implements EventCheckpoint {
    private final Path file;

    public FileEventCheckpoint(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<EventPosition> position() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int space = text.indexOf(' ');
        try {
            if (space < 1 || space == text.length() - 1) {
                throw new NumberFormatException("expected '<block> <transaction id>'");
            }
            return Optional.of(new EventPosition(Long.parseLong(text.substring(0, space)), text.substring(space + 1)));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    "event checkpoint " + file + " is corrupt (" + e.getMessage()
                            + "); restore it or delete it to start from the ledger's first block",
                    e);
        }
    }

    @Override
    public void advance(EventPosition position, Handling handling) throws Exception {
        handling.run();
        write(position);
    }

    private void write(EventPosition position) throws IOException {
        Path directory = file.getParent();
        Files.createDirectories(directory);
        Path temporary = directory.resolve(file.getFileName() + ".tmp");
        byte[] text = (position.blockNumber() + " " + position.transactionId() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(
                temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(text));
            out.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + directory + " cannot rename atomically", e);
        }
        // The rename is durable only once the directory entry is.
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Override
    public String toString() {
        return "FileEventCheckpoint[" + file + "]";
    }
}
