package io.fapiao.service.storage;

import java.nio.file.Path;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * The embedded default database of every service: an H2 file whose commits are durable when they
 * return (see {@link SyncedFilePath}). Registers the {@code synced:} file system before Spring creates
 * any data source, for the service's own {@code main} and for tests alike; the services'
 * {@code application.yml} name the same URL as {@link #url}.
 *
 * <p>The URL's settings, and why: {@code WRITE_DELAY=0} writes each commit before it returns (H2's
 * default waits up to 500 ms and loses that much on a kill); {@code DB_CLOSE_ON_EXIT=FALSE} leaves the
 * closing to Spring, after the workers have given back their leases (H2's own shutdown hook closed the
 * database under them); the rest is the PostgreSQL dialect the migrations are written in.
 */
public final class DurableDatabase implements EnvironmentPostProcessor {
    /** Everything after the path in the embedded database's JDBC URL. */
    public static final String SETTINGS =
            ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    /** The JDBC URL of the embedded database whose files start with {@code base} (e.g. {@code data/db}). */
    public static String url(Path base) {
        SyncedFilePath.register();
        return "jdbc:h2:" + SyncedFilePath.SCHEME + ":" + base.toAbsolutePath() + SETTINGS;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (ClassUtils.isPresent("org.h2.store.fs.FilePath", DurableDatabase.class.getClassLoader())) {
            SyncedFilePath.register();
        }
    }
}
