package io.fapiao.issuer.api;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The HTTP response of an idempotent request's answer, for the controllers: its status, JSON body,
 * {@code Location} when it has one, and {@code Idempotent-Replayed: true} when the answer is the
 * stored one of an earlier request with the same key. {@link IdempotentRequests} itself knows no HTTP.
 *
 * <pre>{@code
 * return IdempotentResponses.of(idempotency.execute(client, idempotencyKey, "POST /v1/invoices", tree,
 *         () -> issued(billKey)));
 * }</pre>
 */
public final class IdempotentResponses {

    private IdempotentResponses() {}

    public static ResponseEntity<String> of(IdempotentRequests.Answer answer) {
        IdempotentRequests.Outcome outcome = answer.outcome();
        ResponseEntity.BodyBuilder builder =
                ResponseEntity.status(outcome.status()).contentType(MediaType.APPLICATION_JSON);
        if (outcome.location() != null) {
            builder.header(HttpHeaders.LOCATION, outcome.location());
        }
        if (answer.replayed()) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.body(outcome.body());
    }
}
