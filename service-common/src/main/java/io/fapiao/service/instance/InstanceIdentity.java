package io.fapiao.service.instance;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which process this is, in the name of the leases its workers hold ({@code <queue>@<id>}). The id
 * survives a restart, so a process that comes back after a crash ({@code kill -9}, power loss) knows
 * which leases were its own and takes them back at once instead of waiting for them to expire, and it
 * never takes the leases of another process, on this host or another.
 *
 * <p>The id is {@code fapiao.instance-id} when set (give each process on a database its own, e.g. the
 * pod's stable name). Otherwise it is a random id created on the first start and kept in
 * {@code ${fapiao.data-dir}/instance-id}; while the process runs it holds a lock on
 * {@code instance-id.lock} next to it, so a second process started on the same data directory by
 * mistake refuses to start ({@code INSTANCE_ID_IN_USE}) rather than share the id. A lock dies with its
 * process, so a restart after {@code kill -9} is never refused. Without either (a tool without a data
 * directory) the id is random and lasts only as long as the process.
 *
 * <pre>{@code
 * InstanceIdentity instance = InstanceIdentity.load(null, Path.of(".fapiao/issuer-api"));
 * String owner = instance.leaseOwner("issuance");   // "issuance@3f1c9a0e-…", the same after a restart
 * instance.close();                                   // at shutdown: gives the id file's lock back
 * }</pre>
 */
public final class InstanceIdentity implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InstanceIdentity.class);
    /** The file under {@code fapiao.data-dir} that keeps a generated id. */
    public static final String FILE = "instance-id";
    /** 40 characters at most: {@code <queue>@<id>} must fit the 64-character lease columns. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,39}");

    private final String id;
    private final FileChannel lockChannel;

    private InstanceIdentity(String id, FileChannel lockChannel) {
        this.id = id;
        this.lockChannel = lockChannel;
    }

    /**
     * The identity of this process: {@code configured} when it is not blank, else the id kept in
     * {@code dataDir} (created on the first start, locked while this process runs), else a random one.
     *
     * @throws InstanceIdUnusable with the code that says why
     */
    public static InstanceIdentity load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return new InstanceIdentity(valid(configured.strip(), "fapiao.instance-id"), null);
        }
        if (dataDir == null) {
            String random = UUID.randomUUID().toString();
            LOG.warn(
                    "neither fapiao.instance-id nor fapiao.data-dir is set: this process is instance {} until it "
                            + "stops, and after a crash its leases are taken up only when they expire",
                    random);
            return new InstanceIdentity(random, null);
        }
        return persisted(dataDir);
    }

    /** An identity with a fixed id, e.g. two processes of a test. */
    public static InstanceIdentity of(String id) {
        return new InstanceIdentity(valid(Objects.requireNonNull(id, "id"), "the instance id"), null);
    }

    private static InstanceIdentity persisted(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(
                    dataDir.resolve(FILE + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this very JVM: another service object on the same folder
            }
            if (lock == null) {
                throw new InstanceIdUnusable(
                        "INSTANCE_ID_IN_USE",
                        "another running process uses " + dataDir
                                + " (it holds " + FILE
                                + ".lock); give each process its own fapiao.data-dir, or stop the "
                                + "other one",
                        null);
            }
            // Created under the lock, written aside and moved into place: no reader sees half an id.
            if (!Files.exists(file)) {
                Path staging = Files.createTempFile(dataDir, FILE, ".new");
                Files.writeString(staging, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                try {
                    Files.move(staging, file);
                } catch (FileAlreadyExistsException e) {
                    Files.delete(staging);
                }
            }
            String id = valid(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
            LOG.info("this process is instance {} (kept in {})", id, file);
            return new InstanceIdentity(id, channel);
        } catch (IOException e) {
            close(channel);
            throw new InstanceIdUnusable(
                    "INSTANCE_ID_UNREADABLE",
                    "cannot create, read or lock " + file + ": " + e.getMessage()
                            + "; check the folder's permissions, or set fapiao.instance-id",
                    e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static String valid(String id, String source) {
        if (!VALID.matcher(id).matches()) {
            throw new InstanceIdUnusable(
                    "INSTANCE_ID_INVALID",
                    source + " must be 1 to 40 letters, digits, '.', " + "'-' or '_', starting with a letter or digit",
                    null);
        }
        return id;
    }

    /** The id. */
    public String id() {
        return id;
    }

    /** The owner name of the leases this process holds on {@code queue}: {@code <queue>@<id>}. */
    public String leaseOwner(String queue) {
        return queue + "@" + id;
    }

    /** Gives back the id file's lock (the id itself stays for the next start). */
    @Override
    public void close() {
        close(lockChannel);
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // The lock dies with the process anyway.
            }
        }
    }

    @Override
    public String toString() {
        return "InstanceIdentity[" + id + "]";
    }
}
