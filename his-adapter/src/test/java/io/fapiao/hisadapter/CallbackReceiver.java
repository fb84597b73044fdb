package io.fapiao.hisadapter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fapiao.httpsig.HttpMessage;
import io.fapiao.httpsig.InMemoryNonceRegistry;
import io.fapiao.httpsig.MessageVerifier;
import io.fapiao.httpsig.SignatureRefused;
import io.fapiao.httpsig.VerificationPolicy;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A HIS's callback endpoint on loopback: verifies each notification's RFC 9421 signature against the
 * adapter's certificate, answers 500 to the first delivery of each bill's first notification (so the
 * adapter must retry) and 204 afterwards, and keeps what it accepted and what it refused.
 */
final class CallbackReceiver implements AutoCloseable {
    private final HttpServer server;
    private final MessageVerifier verifier;
    private final String keyId;
    private final Set<String> failedOnce = new HashSet<>();
    private final List<JsonNode> accepted = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private final List<String> answered500 = new ArrayList<>();

    CallbackReceiver(X509Certificate adapterCertificate, String keyId) throws IOException {
        this.keyId = keyId;
        this.verifier = new MessageVerifier(
                id -> id.equals(keyId) ? Optional.of(adapterCertificate.getPublicKey()) : Optional.empty(),
                VerificationPolicy.requests(),
                new InMemoryNonceRegistry(Clock.systemUTC()),
                Clock.systemUTC());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/his/status", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/his/status");
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, List<String>> fields = new LinkedHashMap<>(exchange.getRequestHeaders());
        URI target = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + exchange.getRequestURI());
        int status;
        try {
            verifier.verify(HttpMessage.request(exchange.getRequestMethod(), target, fields, body));
            JsonNode notification = Json.readTree(body);
            String first = notification.get("billKey").asString() + "#"
                    + notification.get("sequence").asInt();
            synchronized (this) {
                if (notification.get("sequence").asInt() == 1 && failedOnce.add(first)) {
                    answered500.add(first);
                    status = 500;
                } else {
                    accepted.add(notification);
                    status = 204;
                }
            }
        } catch (SignatureRefused e) {
            synchronized (this) {
                refused.add(e.refusal() + ": " + e.getMessage());
            }
            status = 401;
        } catch (Exception e) {
            synchronized (this) {
                refused.add(e.toString());
            }
            status = 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** The notifications accepted for {@code billKey}, in arrival order. */
    synchronized List<JsonNode> accepted(String billKey) {
        return accepted.stream()
                .filter(n -> n.get("billKey").asString().equals(billKey))
                .toList();
    }

    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    synchronized List<String> answered500() {
        return List.copyOf(answered500);
    }

    String keyId() {
        return keyId;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
