package io.fapiao.httpsig;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JDK's HTTP client, each request signed (RFC 9421) as a registered client of a Fapiao service:
 * {@code keyid} is the certificate's fingerprint, the body is covered by its Content-Digest, and every
 * signature carries a fresh nonce, so a request is sent once. For the CLI, the bench, tests and any
 * Java caller; other languages follow docs/api.md.
 *
 * <pre>{@code
 * SigningHttpClient his = SigningHttpClient.of(hisIdentity);
 * HttpResponse<byte[]> accepted = his.send("POST", URI.create("https://localhost:8081/v1/bills"),
 *         Map.of("Content-Type", "application/json", "Idempotency-Key", "b-1"), billJson);
 * }</pre>
 */
public final class SigningHttpClient {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final MessageSigner signer;

    public SigningHttpClient(HttpClient http, MessageSigner signer) {
        this.http = http;
        this.signer = signer;
    }

    /** A client signing with {@code identity}'s key, on a fresh JDK client. */
    public static SigningHttpClient of(Identity identity) throws ProtocolException {
        return new SigningHttpClient(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), signer(identity));
    }

    /** The signer of a registered client's {@code identity}: keyid its certificate's fingerprint. */
    public static MessageSigner signer(Identity identity) throws ProtocolException {
        return MessageSigner.of(identity.signer(), CryptoSuite.INTL.fingerprint(identity.certificate()));
    }

    public MessageSigner signer() {
        return signer;
    }

    /** {@code headers} and the signature fields over the request (a Content-Digest when there is a body). */
    public Map<String, String> signedHeaders(String method, URI uri, Map<String, String> headers, byte[] body)
            throws SignatureRefused {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        headers.forEach((name, value) -> fields.put(name, List.of(value)));
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.putAll(
                signer.sign(HttpMessage.request(method, uri, fields, body)).asMap());
        return signed;
    }

    /** Signs and sends; the body may be empty. */
    public HttpResponse<byte[]> send(String method, URI uri, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        return send(method, uri, headers, body, DEFAULT_TIMEOUT);
    }

    /** {@link #send(String, URI, Map, byte[])} waiting up to {@code timeout} for the answer. */
    public HttpResponse<byte[]> send(String method, URI uri, Map<String, String> headers, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        Map<String, String> signed;
        try {
            signed = signedHeaders(method, uri, headers, body);
        } catch (SignatureRefused e) {
            throw new IOException("cannot sign " + method + " " + uri + ": " + e.getMessage(), e);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        signed.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A GET. */
    public HttpResponse<byte[]> get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri, Map.of(), new byte[0]);
    }
}
