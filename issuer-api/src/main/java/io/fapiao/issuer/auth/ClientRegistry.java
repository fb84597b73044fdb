package io.fapiao.issuer.auth;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry of REST clients (table {@code api_client}), keyed by certificate fingerprint.
 *
 * <pre>{@code
 * registry.register(client);                                  // insert or update, idempotent
 * Optional<RegisteredClient> who = registry.active(keyId);     // for signature verification
 * }</pre>
 */
@Repository
public class ClientRegistry {
    private final JdbcClient jdbc;
    private final Clock clock;

    public ClientRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** The fingerprint that names a certificate: SHA-256 of its DER encoding, base64url without padding. */
    public static String keyId(X509Certificate certificate) {
        return CryptoSuite.INTL.fingerprint(certificate);
    }

    /** Inserts the client or brings its registration up to date; registering the same client again changes nothing. */
    @Transactional
    public void register(RegisteredClient client) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        String roles =
                client.roles().stream().map(ClientRole::wireName).sorted().collect(Collectors.joining(","));
        int updated = jdbc.sql("""
                UPDATE api_client SET name = :name, roles = :roles, uscc = :uscc, active = :active, updated_at = :now
                WHERE key_id = :keyId AND (name <> :name OR roles <> :roles OR active <> :active
                    OR COALESCE(uscc, '') <> COALESCE(:uscc, ''))""")
                .param("name", client.name())
                .param("roles", roles)
                .param("uscc", client.uscc())
                .param("active", client.active())
                .param("now", now)
                .param("keyId", client.keyId())
                .update();
        if (updated == 0 && find(client.keyId()).isEmpty()) {
            jdbc.sql("""
                    INSERT INTO api_client (key_id, name, certificate_pem, roles, uscc, active, registered_at, updated_at)
                    VALUES (:keyId, :name, :pem, :roles, :uscc, :active, :now, :now)""")
                    .param("keyId", client.keyId())
                    .param("name", client.name())
                    .param("pem", Pem.certificate(client.certificate()))
                    .param("roles", roles)
                    .param("uscc", client.uscc())
                    .param("active", client.active())
                    .param("now", now)
                    .update();
        }
    }

    /** Deactivates every client whose key id is not in {@code keep}; returns how many. */
    @Transactional
    public int deactivateAllBut(Collection<String> keep) {
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
        int count = 0;
        for (String keyId : jdbc.sql("SELECT key_id FROM api_client WHERE active = TRUE")
                .query(String.class)
                .list()) {
            if (!keep.contains(keyId)) {
                count += jdbc.sql("UPDATE api_client SET active = FALSE, updated_at = :now WHERE key_id = :keyId")
                        .param("now", now)
                        .param("keyId", keyId)
                        .update();
            }
        }
        return count;
    }

    /** The client registered under {@code keyId}, active or not. */
    public Optional<RegisteredClient> find(String keyId) {
        return jdbc.sql(
                        "SELECT key_id, name, certificate_pem, roles, uscc, active FROM api_client WHERE key_id = :keyId")
                .param("keyId", keyId)
                .query(ClientRegistry::client)
                .optional();
    }

    /** The active client registered under {@code keyId}. */
    public Optional<RegisteredClient> active(String keyId) {
        return find(keyId).filter(RegisteredClient::active);
    }

    /** Every registered client. */
    public List<RegisteredClient> all() {
        return jdbc.sql("SELECT key_id, name, certificate_pem, roles, uscc, active FROM api_client ORDER BY name")
                .query(ClientRegistry::client)
                .list();
    }

    private static RegisteredClient client(ResultSet row, int index) throws SQLException {
        X509Certificate certificate;
        try {
            certificate = Pem.certificate(row.getString("certificate_pem"));
        } catch (ProtocolException e) {
            throw new SQLException("api_client " + row.getString("key_id") + " holds an unreadable certificate", e);
        }
        String roleList = row.getString("roles");
        Set<ClientRole> roles = roleList.isEmpty()
                ? EnumSet.noneOf(ClientRole.class)
                : Arrays.stream(roleList.split(","))
                        .map(ClientRole::named)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(ClientRole.class)));
        return new RegisteredClient(
                row.getString("key_id"),
                row.getString("name"),
                certificate,
                roles,
                row.getString("uscc"),
                row.getBoolean("active"));
    }
}
