package io.fapiao.service.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * H2's own file system with every write durable before it returns: a file opened for writing is
 * opened with {@code O_DSYNC} (H2's {@code "rwd"} mode), so each write reaches the disk (data and the
 * file's size) before the call comes back. With {@code WRITE_DELAY=0}, H2 writes a transaction's
 * changes as a chunk of its store file before the commit returns, so a commit that returned survives
 * the process being killed and the machine losing power, which is PostgreSQL's default
 * ({@code fsync=on}, {@code synchronous_commit=on}). H2 alone never syncs its file except when it
 * closes the database cleanly.
 *
 * <p>Named by the {@code synced:} prefix of a database path, once {@link #register registered}:
 * {@code jdbc:h2:synced:/var/lib/fapiao/db;WRITE_DELAY=0}. The files are the plain files H2 writes
 * under {@code file:}; a database created either way opens the other way.
 */
public final class SyncedFilePath extends FilePathWrapper {
    /** The scheme of paths on this file system. */
    public static final String SCHEME = "synced";

    private static volatile boolean registered;

    /** Makes the {@code synced:} prefix known to H2 in this JVM; calling it again changes nothing. */
    public static void register() {
        if (!registered) {
            synchronized (SyncedFilePath.class) {
                if (!registered) {
                    FilePath.register(new SyncedFilePath());
                    registered = true;
                }
            }
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        // "rws" already syncs more (metadata such as times too); "r" writes nothing.
        return getBase().open("rw".equals(mode) ? "rwd" : mode);
    }
}
