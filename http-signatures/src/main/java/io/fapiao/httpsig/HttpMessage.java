package io.fapiao.httpsig;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The parts of an HTTP request or response that a signature can cover, independent of any HTTP
 * library: the method and target URI (requests), the status (responses), the header fields (names
 * compared case-insensitively, each field's lines kept in order) and the body bytes.
 *
 * <pre>{@code
 * HttpMessage request = HttpMessage.request("POST", URI.create("https://issuer.example/v1/invoices"),
 *         Map.of("Content-Type", List.of("application/json")), body);
 * HttpMessage response = HttpMessage.response(200, Map.of(), responseBody);
 * }</pre>
 *
 * @param method the request method, exactly as sent ({@code null} for a response)
 * @param targetUri the absolute target URI of a request ({@code null} for a response)
 * @param status the status code of a response ({@code null} for a request)
 * @param fields header fields by lower-case name, each with its lines in order
 * @param body the body bytes, empty when there is none
 */
public record HttpMessage(String method, URI targetUri, Integer status, Map<String, List<String>> fields, byte[] body) {

    public HttpMessage {
        if ((method == null) != (targetUri == null) || (method == null) == (status == null)) {
            throw new IllegalArgumentException(
                    "a message is either a request (method and target URI) " + "or a response (status)");
        }
        if (targetUri != null && (!targetUri.isAbsolute() || targetUri.getRawAuthority() == null)) {
            throw new IllegalArgumentException("the target URI must be absolute with an authority: " + targetUri);
        }
        fields = lowerCaseNames(Objects.requireNonNull(fields, "fields"));
        body = body == null ? new byte[0] : body.clone();
    }

    /** A request; {@code fields} may use any letter case for names. */
    public static HttpMessage request(String method, URI targetUri, Map<String, List<String>> fields, byte[] body) {
        return new HttpMessage(
                Objects.requireNonNull(method, "method"),
                Objects.requireNonNull(targetUri, "targetUri"),
                null,
                fields,
                body);
    }

    /** A response; {@code fields} may use any letter case for names. */
    public static HttpMessage response(int status, Map<String, List<String>> fields, byte[] body) {
        return new HttpMessage(null, null, status, fields, body);
    }

    /** Whether this is a request. */
    public boolean isRequest() {
        return method != null;
    }

    /**
     * The field's value as RFC 9421 §2.1 covers it: each line trimmed, lines joined with
     * {@code ", "}; {@code null} when the message has no such field.
     */
    public String field(String name) {
        List<String> lines = fields.get(name.toLowerCase(Locale.ROOT));
        if (lines == null || lines.isEmpty()) {
            return null;
        }
        List<String> trimmed = new ArrayList<>(lines.size());
        for (String line : lines) {
            // obs-fold: a folded line is one value with the fold replaced by a space
            trimmed.add(line.replaceAll("\\r?\\n[ \\t]+", " ").strip());
        }
        return String.join(", ", trimmed);
    }

    /** A copy of this message with {@code name} set to the single line {@code value}. */
    public HttpMessage withField(String name, String value) {
        Map<String, List<String>> copy = new TreeMap<>(fields);
        copy.put(name.toLowerCase(Locale.ROOT), List.of(value));
        return new HttpMessage(method, targetUri, status, copy, body);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> fields) {
        Map<String, List<String>> lower = new TreeMap<>();
        fields.forEach((name, lines) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .addAll(lines));
        lower.replaceAll((name, lines) -> List.copyOf(lines));
        return Collections.unmodifiableMap(lower);
    }

    @Override
    public String toString() {
        // never the body or the field values: they may hold bill contents
        return isRequest() ? "HttpMessage[" + method + " " + targetUri + "]" : "HttpMessage[status " + status + "]";
    }
}
