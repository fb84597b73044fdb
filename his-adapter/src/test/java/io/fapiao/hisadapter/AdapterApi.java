package io.fapiao.hisadapter;

import io.fapiao.protocol.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;

/**
 * A small HTTP client of an adapter's API at {@code base}, in this JVM ({@link RunningAdapter}) or in a
 * process of its own ({@link AdapterProcess}).
 *
 * <pre>{@code
 * AdapterApi api = new AdapterApi(URI.create("http://localhost:8081"));
 * Answer accepted = api.post(billJson, UUID.randomUUID().toString());
 * }</pre>
 */
final class AdapterApi {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI base;

    AdapterApi(URI base) {
        this.base = base;
    }

    Answer post(byte[] bill, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/v1/bills"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bill));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return answer(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    Answer get(String path) throws Exception {
        return answer(HTTP.send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()));
    }

    Answer status(String billKey) throws Exception {
        return get("/v1/bills/" + billKey);
    }

    private static Answer answer(HttpResponse<byte[]> response) throws Exception {
        JsonNode body = response.body().length == 0 ? null : Json.readTree(response.body());
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Location").orElse(null), body);
    }

    /** A response: status, content type, Location, JSON body. */
    record Answer(int status, String contentType, String location, JsonNode body) {
        String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }
}
