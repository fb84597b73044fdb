package io.fapiao.issuer.api;

import io.fapiao.httpsig.HttpMessage;
import io.fapiao.httpsig.MessageSigner;
import io.fapiao.issuer.auth.ClientRegistry;
import io.fapiao.protocol.crypto.Identity;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST client of the issuer API as a client developer would write one: the JDK's HTTP client, each
 * request signed (RFC 9421) with the client's key, {@code keyid} its certificate's fingerprint.
 *
 * <pre>{@code
 * HttpResponse<byte[]> created = desk.post("/v1/invoices", "key-1", "{\"billKey\":\"...\"}");
 * }</pre>
 */
final class SignedHttp {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private final int port;
    private final MessageSigner signer;

    SignedHttp(int port, Identity client) throws Exception {
        this(port, MessageSigner.of(client.signer(), ClientRegistry.keyId(client.certificate())));
    }

    SignedHttp(int port, MessageSigner signer) {
        this.port = port;
        this.signer = signer;
    }

    /** The same client with another signer (another clock, another key id...). */
    SignedHttp with(MessageSigner other) {
        return new SignedHttp(port, other);
    }

    MessageSigner signer() {
        return signer;
    }

    SignedHttp at(Clock clock) {
        return with(signer.withClock(clock));
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<byte[]> get(String path, String accept) throws Exception {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (accept != null) {
            fields.put("Accept", List.of(accept));
        }
        return send(HttpMessage.request("GET", uri(path), fields, null));
    }

    HttpResponse<byte[]> post(String path, String idempotencyKey, String json) throws Exception {
        return send(signed("POST", path, idempotencyKey, json));
    }

    /** A signed POST, not yet sent (to tamper with in tests). */
    HttpMessage signed(String method, String path, String idempotencyKey, String json) throws Exception {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("Content-Type", List.of("application/json"));
        if (idempotencyKey != null) {
            fields.put("Idempotency-Key", List.of(idempotencyKey));
        }
        return signer.signed(HttpMessage.request(method, uri(path), fields, json.getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<byte[]> send(HttpMessage message) throws Exception {
        HttpMessage signed = message.fields().containsKey("signature") ? message : signer.signed(message);
        return sendAsIs(signed);
    }

    /** Sends the message exactly as given: no signature added. */
    static HttpResponse<byte[]> sendAsIs(HttpMessage message) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(message.targetUri());
        message.fields().forEach((name, lines) -> {
            if (!name.equals("content-length") && !name.equals("host")) {
                lines.forEach(line -> builder.header(name, line));
            }
        });
        byte[] body = message.body();
        builder.method(
                message.method(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> anonymousGet(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
