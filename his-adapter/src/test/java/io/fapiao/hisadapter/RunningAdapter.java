package io.fapiao.hisadapter;

import io.fapiao.protocol.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The adapter started as its jar would be, on a random port, with the given properties; and a small
 * HTTP client for its API. Closing it closes the Spring context (the service stops as on SIGTERM).
 */
final class RunningAdapter implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    private final URI base;

    private RunningAdapter(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.base = URI.create("http://localhost:" + port);
    }

    static RunningAdapter start(Map<String, String> properties) {
        // As command-line arguments: they outrank application.yml, as an operator's would.
        java.util.List<String> args = new java.util.ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--server.port=0");
        ConfigurableApplicationContext context = new SpringApplicationBuilder(HisAdapterApplication.class)
                .run(args.toArray(String[]::new));
        return new RunningAdapter(context);
    }

    ConfigurableApplicationContext context() {
        return context;
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

    @Override
    public void close() {
        context.close();
    }

    /** A response: status, content type, Location, JSON body. */
    record Answer(int status, String contentType, String location, JsonNode body) {
        String text(String field) {
            JsonNode value = body == null ? null : body.get(field);
            return value == null || value.isNull() ? null : value.asString();
        }
    }
}
