package io.fapiao.service.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default database keeps every commit that returned: its file is written with
 * {@code O_DSYNC} (read back from the kernel's own record of the open file), and a process killed with
 * SIGKILL while committing loses none of the rows it had acknowledged.
 */
class DurableDatabaseTest {
    /** {@code O_DSYNC} on Linux (x86-64 and arm64), as {@code /proc/<pid>/fdinfo} prints {@code flags} in octal. */
    private static final int O_DSYNC = 010000;

    @TempDir
    Path dir;

    @Test
    void theStoreFileIsOpenedSoThatEveryWriteReachesTheDisk() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fdinfo")), "Linux's /proc tells a file's open flags");
        try (Connection synced = DriverManager.getConnection(DurableDatabase.url(dir.resolve("synced/db")));
                Connection plain = DriverManager.getConnection(
                        "jdbc:h2:file:" + dir.resolve("plain/db").toAbsolutePath())) {
            for (Connection connection : new Connection[] {synced, plain}) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("create table t (n int)");
                    statement.execute("insert into t values (1)");
                }
            }
            assertThat(openFlags(dir.resolve("synced/db.mv.db")) & O_DSYNC)
                    .as("synced: store file")
                    .isNotZero();
            // The same check tells H2's own file system apart: it opens without O_DSYNC and never syncs a commit.
            assertThat(openFlags(dir.resolve("plain/db.mv.db")) & O_DSYNC)
                    .as("file: store file")
                    .isZero();
        }
    }

    @Test
    void aProcessKilledWhileCommittingKeepsEveryCommitItAcknowledged() throws Exception {
        Path base = dir.resolve("db");
        Set<Long> acknowledged = new HashSet<>();
        for (int kill = 1; kill <= 3; kill++) {
            // Killed after a random number of fresh acknowledgements, so the kill lands at a different point of H2's
            // write each time; the database is reopened by the next probe (recovering from the torn tail) and by us.
            int fresh = 50 + ThreadLocalRandom.current().nextInt(400);
            Process probe = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            DurabilityProbe.class.getName(),
                            base.toString())
                    .redirectError(dir.resolve("probe-" + kill + ".err").toFile())
                    .start();
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
                int seen = 0;
                String line;
                while (seen < fresh && (line = out.readLine()) != null) {
                    if (line.startsWith("ack ")) {
                        acknowledged.add(Long.parseLong(line.substring(4)));
                        seen++;
                    }
                }
                assertThat(seen)
                        .as(
                                "acknowledgements before kill %d; the probe's errors: %s",
                                kill, Files.readString(dir.resolve("probe-" + kill + ".err")))
                        .isEqualTo(fresh);
                // SIGKILL through the handle: Process.destroyForcibly would also close the pipe we still read.
                probe.toHandle().destroyForcibly();
                // Whatever the probe printed before it died was acknowledged too.
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ack ")) {
                        acknowledged.add(Long.parseLong(line.substring(4)));
                    }
                }
            } finally {
                probe.destroyForcibly().waitFor();
            }
            assertThat(probe.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
            Set<Long> stored = stored(base);
            assertThat(stored).as("rows after kill %d", kill).containsAll(acknowledged);
        }
        assertThat(acknowledged).hasSizeGreaterThan(150);
    }

    private static Set<Long> stored(Path base) throws Exception {
        Set<Long> rows = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(DurableDatabase.url(base));
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select n from acknowledged")) {
            while (rs.next()) {
                rows.add(rs.getLong(1));
            }
        }
        return rows;
    }

    /** The open flags of this process's descriptor for {@code file}, from {@code /proc/self/fdinfo}. */
    private static int openFlags(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            Optional<Path> fd = fds.filter(p -> {
                        try {
                            return Files.readSymbolicLink(p).equals(target);
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .findFirst();
            assertThat(fd).as("an open descriptor for %s", file).isPresent();
            for (String line : Files.readAllLines(
                    Path.of("/proc/self/fdinfo", fd.get().getFileName().toString()))) {
                if (line.startsWith("flags:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8);
                }
            }
        }
        throw new AssertionError("no flags line for " + file);
    }
}
