package io.fapiao.hisadapter;

import io.fapiao.httpsig.SigningHttpClient;
import io.fapiao.protocol.json.Json;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A small HTTP client of an adapter's API at {@code base}, signing as a registered client, in this JVM ({@link RunningAdapter}) or in a
 * process of its own ({@link AdapterProcess}).
 *
 * <pre>{@code
 * AdapterApi api = new AdapterApi(URI.create("http://localhost:8081"), his.http());
 * Answer accepted = api.post(billJson, UUID.randomUUID().toString());
 * }</pre>
 */
final class AdapterApi {
    private final URI base;
    private final SigningHttpClient client;

    AdapterApi(URI base, SigningHttpClient client) {
        this.base = base;
        this.client = client;
    }

    /** The same adapter as another client. */
    AdapterApi as(SigningHttpClient other) {
        return new AdapterApi(base, other);
    }

    Answer post(byte[] bill, String idempotencyKey) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (idempotencyKey != null) {
            headers.put("Idempotency-Key", idempotencyKey);
        }
        return answer(client.send("POST", base.resolve("/v1/bills"), headers, bill));
    }

    Answer get(String path) throws Exception {
        return answer(client.get(base.resolve(path)));
    }

    Answer status(String billKey) throws Exception {
        return get("/v1/bills/" + billKey);
    }

    private static Answer answer(HttpResponse<byte[]> response) throws Exception {
        JsonNode body = response.body().length == 0 ? null : Json.readTree(response.body());
        return new Answer(
                response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null),
                body);
    }

    /** A response: status, content type, Location, JSON body. */
    record Answer(int status, String contentType, String location, JsonNode body) {
        String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }
}
