package io.fapiao.bench.lifecycle;

import io.fapiao.httpsig.HttpsClients;
import io.fapiao.httpsig.SigningHttpClient;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import tools.jackson.databind.JsonNode;

/**
 * The hospital's side of the his-adapter API as the generator uses it, signed as the platform's HIS
 * client: {@code POST /v1/bills} with an {@code Idempotency-Key} (the bill key, unique per bill),
 * {@code GET /v1/bills/{billKey}} for the final cross-check; and, signed as the platform's operator, a
 * service's {@code /actuator/metrics/jvm.memory.used} (heap).
 *
 * <pre>{@code
 * HisClient his = new HisClient("https://localhost:8081", platform.trustAnchors(), platform.client("hospital-his"),
 *         platform.client("operator"));
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

    private final SigningHttpClient his;
    private final SigningHttpClient operator;
    private final String baseUrl;

    public HisClient(String baseUrl, List<X509Certificate> trustAnchors, Identity hisClient, Identity operatorClient)
            throws ProtocolException, IOException {
        this.baseUrl = baseUrl;
        HttpClient http = HttpsClients.trusting(trustAnchors);
        this.his = new SigningHttpClient(http, SigningHttpClient.signer(hisClient));
        this.operator = new SigningHttpClient(http, SigningHttpClient.signer(operatorClient));
    }

    /** Posts one bill; a transport failure is answered as status 0 with the exception's class as code. */
    public Answer post(String idempotencyKey, byte[] json) {
        try {
            HttpResponse<byte[]> response = his.send(
                    "POST",
                    URI.create(baseUrl + "/v1/bills"),
                    Map.of("Content-Type", "application/json", "Idempotency-Key", idempotencyKey),
                    json,
                    Duration.ofSeconds(30));
            if (response.statusCode() == 202) {
                return new Answer(202, null);
            }
            return new Answer(
                    response.statusCode(), problemCode(response.body()).orElse("HTTP_" + response.statusCode()));
        } catch (IOException e) {
            return new Answer(0, e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "INTERRUPTED");
        }
    }

    /** The adapter's status of a bill ({@code SUBMITTED}, {@code ISSUED}, ...), or empty if it cannot say. */
    public Optional<String> status(String billKey) {
        URI uri = URI.create(baseUrl + "/v1/bills/"
                + java.net.URLEncoder.encode(billKey, java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20"));
        try {
            HttpResponse<byte[]> response = his.send("GET", uri, Map.of(), new byte[0], Duration.ofSeconds(10));
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
        URI uri = URI.create(serviceUrl + "/actuator/metrics/jvm.memory.used?tag=area:heap");
        try {
            HttpResponse<byte[]> response = operator.send("GET", uri, Map.of(), new byte[0], Duration.ofSeconds(5));
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
