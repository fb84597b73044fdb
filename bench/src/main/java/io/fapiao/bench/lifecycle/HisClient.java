package io.fapiao.bench.lifecycle;

import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * The hospital's side of the his-adapter API as the generator uses it: {@code POST /v1/bills} with an
 * {@code Idempotency-Key} (the bill key, unique per bill), {@code GET /v1/bills/{billKey}} for the
 * final cross-check, and a service's {@code /actuator/metrics/jvm.memory.used} (heap) when exposed.
 *
 * <pre>{@code
 * HisClient his = new HisClient("http://localhost:8081");
 * HisClient.Answer answer = his.post(next.billKey(), next.json());   // 202 → answer.accepted()
 * }</pre>
 */
public final class HisClient {

    /** The adapter's answer to a POST: its status and, when refused, the problem's {@code code}. */
    public record Answer(int status, String code) {
        public boolean accepted() {
            return status == 202;
        }
    }

    private final HttpClient http;
    private final String baseUrl;

    public HisClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Posts one bill; a transport failure is answered as status 0 with the exception's class as code. */
    public Answer post(String idempotencyKey, byte[] json) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/bills"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 202) {
                return new Answer(202, null);
            }
            return new Answer(response.statusCode(), problemCode(response.body()).orElse("HTTP_" + response.statusCode()));
        } catch (IOException e) {
            return new Answer(0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "INTERRUPTED");
        }
    }

    /** The adapter's status of a bill ({@code SUBMITTED}, {@code ISSUED}, ...), or empty if it cannot say. */
    public Optional<String> status(String billKey) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/bills/"
                + java.net.URLEncoder.encode(billKey, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            JsonNode status = Json.mapper().readTree(response.body()).get("status");
            return status == null ? Optional.empty() : Optional.of(status.stringValue());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Heap in use of the Spring Boot service at {@code serviceUrl}, from Micrometer's
     * {@code jvm.memory.used} with tag {@code area:heap}; empty when the endpoint is not exposed.
     */
    public OptionalDouble heapBytes(String serviceUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(serviceUrl
                + "/actuator/metrics/jvm.memory.used?tag=area:heap")).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return OptionalDouble.empty();
            }
            for (JsonNode m : Json.mapper().readTree(response.body()).path("measurements")) {
                if ("VALUE".equals(m.path("statistic").stringValue())) {
                    return OptionalDouble.of(m.path("value").asDouble());
                }
            }
            return OptionalDouble.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    private static Optional<String> problemCode(byte[] body) {
        try {
            JsonNode code = Json.mapper().readTree(body).get("code");
            return code == null ? Optional.empty() : Optional.ofNullable(code.stringValue());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
