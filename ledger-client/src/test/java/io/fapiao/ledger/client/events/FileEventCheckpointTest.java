package io.fapiao.ledger.client.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileEventCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void startsEmptyAndRemembersTheLastPositionAcrossInstances() throws Exception {
        Path file = dir.resolve("sub/verifier.checkpoint");
        assertThat(new FileEventCheckpoint(file).position()).isEmpty();

        new FileEventCheckpoint(file).advance(new EventPosition(7, "abc"), () -> {});
        new FileEventCheckpoint(file).advance(new EventPosition(9, "def"), () -> {});

        assertThat(new FileEventCheckpoint(file).position()).contains(new EventPosition(9, "def"));
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void aFailedHandlingLeavesThePositionWhereItWas() throws Exception {
        FileEventCheckpoint checkpoint = new FileEventCheckpoint(dir.resolve("c"));
        checkpoint.advance(new EventPosition(3, "t3"), () -> {});

        assertThatThrownBy(() -> checkpoint.advance(new EventPosition(4, "t4"), () -> {
                    throw new IllegalStateException("database down");
                }))
                .hasMessage("database down");

        assertThat(checkpoint.position()).contains(new EventPosition(3, "t3"));
    }

    @Test
    void aCorruptFileIsReportedWithWhatToDo() throws Exception {
        Path file = dir.resolve("c");
        Files.writeString(file, "seven abc");

        assertThatThrownBy(() -> new FileEventCheckpoint(file).position())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is corrupt")
                .hasMessageContaining("delete it to start from the ledger's first block");
    }
}
