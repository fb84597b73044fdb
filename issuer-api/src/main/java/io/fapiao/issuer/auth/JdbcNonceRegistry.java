package io.fapiao.issuer.auth;

import io.fapiao.httpsig.NonceRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Signature nonces in the database (table {@code request_nonce}), so a captured request cannot be
 * replayed after a restart either, nor against another instance sharing the database. The primary
 * key decides a race: of two requests with the same nonce, one insert wins.
 *
 * <pre>{@code
 * boolean fresh = nonces.firstUse(keyId, nonce, signatureWindowEnd);
 * }</pre>
 */
@Repository
public class JdbcNonceRegistry implements NonceRegistry {
    private static final int PURGE_EVERY = 500;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicInteger inserts = new AtomicInteger();

    public JdbcNonceRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    @Override
    public boolean firstUse(String keyId, String nonce, Instant until) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (inserts.incrementAndGet() % PURGE_EVERY == 0) {
            jdbc.sql("DELETE FROM request_nonce WHERE expires_at < :now")
                    .param("now", now)
                    .update();
        }
        OffsetDateTime expires = OffsetDateTime.ofInstant(until, ZoneOffset.UTC);
        try {
            jdbc.sql("INSERT INTO request_nonce (key_id, nonce, expires_at) VALUES (:keyId, :nonce, :expires)")
                    .param("keyId", keyId)
                    .param("nonce", nonce)
                    .param("expires", expires)
                    .update();
            return true;
        } catch (DuplicateKeyException seen) {
            // a nonce whose window has closed may be used again: its old signature is refused by time anyway
            return jdbc.sql("""
                    UPDATE request_nonce SET expires_at = :expires
                    WHERE key_id = :keyId AND nonce = :nonce AND expires_at < :now""")
                            .param("expires", expires)
                            .param("keyId", keyId)
                            .param("nonce", nonce)
                            .param("now", now)
                            .update()
                    == 1;
        }
    }
}
