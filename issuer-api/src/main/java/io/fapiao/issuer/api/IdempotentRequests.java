package io.fapiao.issuer.api;

import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.service.problem.RequestRefused;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Runs a mutating request at most once per (client, {@code Idempotency-Key}) and answers every retry
 * with the first response (table {@code idempotent_request}). The key is taken before the action
 * runs, in its own committed row, so two concurrent retries cannot both act; the response is stored
 * when the action completes. The same key with a different request is refused with
 * {@code 409 IDEMPOTENCY_KEY_REUSED}; a retry while the first is still running gets
 * {@code 409 REQUEST_IN_PROGRESS}. An action that fails releases the key: nothing was done, and a
 * retry runs again (the actions behind it are themselves idempotent on the ledger, so a failure after
 * the ledger committed cannot make a retry act twice either).
 *
 * <pre>{@code
 * return IdempotentResponses.of(idempotency.execute(client, idempotencyKey,
 *         "POST /v1/invoices/" + number + "/claims", body,
 *         () -> IdempotentRequests.Outcome.json(201, location, claims.claim(number, body))));
 * }</pre>
 */
@Service
public class IdempotentRequests {
    /** A key older than this that never completed belongs to a request that died with its process. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");

    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();

    public IdempotentRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What a mutating request answered: status, {@code Location} (or null) and JSON body. */
    public record Outcome(int status, String location, String body) {

        /** An outcome whose body is {@code value} as JSON. */
        public static Outcome json(int status, String location, Object value) {
            return new Outcome(status, location, new String(CanonicalJson.encode(value), StandardCharsets.UTF_8));
        }
    }

    /**
     * What {@link #execute} answers: the outcome, and whether it is the stored answer of an earlier
     * request with the same key ({@link IdempotentResponses} turns it into the HTTP response).
     */
    public record Answer(Outcome outcome, boolean replayed) {}

    /** The action behind a mutating request. */
    @FunctionalInterface
    public interface Action {
        Outcome run() throws Exception;
    }

    /**
     * Runs {@code action} unless this client already used {@code key}; then returns the first response.
     *
     * @param operation what is asked, e.g. {@code POST /v1/invoices}; part of the request's identity
     * @param request the parsed request body (hashed canonically, so spacing does not matter)
     */
    public Answer execute(RegisteredClient client, String key, String operation, Object request, Action action)
            throws Exception {
        if (key == null || key.isBlank()) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "IDEMPOTENCY_KEY_REQUIRED",
                    "this request changes state: "
                            + "send an Idempotency-Key header (a fresh unique value, e.g. a UUID) and reuse it on retries");
        }
        if (!KEY.matcher(key).matches()) {
            throw new RequestRefused(
                    RequestRefused.Kind.MALFORMED,
                    "IDEMPOTENCY_KEY_INVALID",
                    "Idempotency-Key must be 1 to 200 visible ASCII characters");
        }
        String hash = hash(operation, request);
        OffsetDateTime now = now();
        try {
            jdbc.sql("""
                    INSERT INTO idempotent_request (client_key_id, idempotency_key, request_hash, state, started_at)
                    VALUES (:client, :key, :hash, 'IN_PROGRESS', :now)""")
                    .param("client", client.keyId())
                    .param("key", key)
                    .param("hash", hash)
                    .param("now", now)
                    .update();
        } catch (DuplicateKeyException taken) {
            Optional<Answer> earlier = earlier(client, key, hash, now);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        Outcome outcome;
        try {
            outcome = action.run();
        } catch (Exception | Error e) {
            release(client, key);
            throw e;
        }
        jdbc.sql("""
                UPDATE idempotent_request SET state = 'COMPLETED', response_status = :status,
                    response_location = :location, response_body = :body, completed_at = :now
                WHERE client_key_id = :client AND idempotency_key = :key""")
                .param("status", outcome.status())
                .param("location", outcome.location())
                .param("body", outcome.body())
                .param("now", now())
                .param("client", client.keyId())
                .param("key", key)
                .update();
        return new Answer(outcome, false);
    }

    /** The stored answer for a used key, or empty when the caller may run the action (an abandoned key). */
    private Optional<Answer> earlier(RegisteredClient client, String key, String hash, OffsetDateTime now) {
        record Row(String hash, String state, Integer status, String location, String body, OffsetDateTime started) {}
        Row row = jdbc.sql("""
                SELECT request_hash, state, response_status, response_location, response_body, started_at
                FROM idempotent_request WHERE client_key_id = :client AND idempotency_key = :key""")
                .param("client", client.keyId())
                .param("key", key)
                .query((rs, i) -> new Row(
                        rs.getString(1),
                        rs.getString(2),
                        (Integer) rs.getObject(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class)))
                .optional()
                .orElseThrow(() -> inProgress(key)); // released between our insert and this read
        if (!row.hash().equals(hash)) {
            throw new RequestRefused(
                            RequestRefused.Kind.CONFLICT,
                            "IDEMPOTENCY_KEY_REUSED",
                            "Idempotency-Key " + key
                                    + " was already used for a different request; use a new key for a new request")
                    .with("idempotencyKey", key);
        }
        if (row.state().equals("COMPLETED")) {
            return Optional.of(new Answer(new Outcome(row.status(), row.location(), row.body()), true));
        }
        if (row.started().isAfter(now.minus(ABANDONED_AFTER))) {
            throw inProgress(key);
        }
        int taken = jdbc.sql("""
                UPDATE idempotent_request SET started_at = :now
                WHERE client_key_id = :client AND idempotency_key = :key AND state = 'IN_PROGRESS' AND started_at = :started""")
                .param("now", now)
                .param("client", client.keyId())
                .param("key", key)
                .param("started", row.started())
                .update();
        if (taken != 1) {
            throw inProgress(key);
        }
        return Optional.empty();
    }

    private void release(RegisteredClient client, String key) {
        jdbc.sql("DELETE FROM idempotent_request WHERE client_key_id = :client AND idempotency_key = :key "
                        + "AND state = 'IN_PROGRESS'")
                .param("client", client.keyId())
                .param("key", key)
                .update();
    }

    private static RequestRefused inProgress(String key) {
        return new RequestRefused(
                        RequestRefused.Kind.CONFLICT,
                        "REQUEST_IN_PROGRESS",
                        "a request with Idempotency-Key " + key
                                + " is still being processed; retry in a few seconds with the same key")
                .with("idempotencyKey", key);
    }

    static String hash(String operation, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            if (request != null) {
                digest.update(CanonicalJson.encode(request));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
