package io.fapiao.httpsig;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The signature base of RFC 9421 §2.5: one line {@code "<component identifier>": <value>} per covered
 * component, in the order the parameters list them, then {@code "@signature-params": <parameters>}
 * with no trailing newline. It is what the key signs and what the verifier rebuilds.
 *
 * <p>Derived components supported: {@code @method}, {@code @target-uri}, {@code @authority},
 * {@code @scheme}, {@code @request-target}, {@code @path}, {@code @query}, {@code @status}. Header
 * fields are covered by their lower-case name without component parameters. Anything else is refused
 * with {@link SignatureRefusal#COMPONENT_UNSUPPORTED} rather than signed or checked loosely.
 *
 * <pre>{@code
 * String base = SignatureBase.of(message, params);
 * // "@method": POST
 * // "@target-uri": https://issuer.example/v1/invoices
 * // "content-digest": sha-256=:X48E9q...=:
 * // "@signature-params": ("@method" "@target-uri" "content-digest");created=1618884473;keyid="k1"
 * }</pre>
 */
public final class SignatureBase {

    private SignatureBase() {}

    /** The signature base of {@code message} for {@code parameters}. */
    public static String of(HttpMessage message, SignatureParameters parameters) throws SignatureRefused {
        StringBuilder base = new StringBuilder();
        Set<String> seen = new HashSet<>();
        for (StructuredFields.Item component : parameters.components()) {
            String identifier = StructuredFields.serialize(component);
            if (!seen.add(identifier)) {
                throw new SignatureRefused(
                        SignatureRefusal.SIGNATURE_MALFORMED, "component " + identifier + " is covered twice");
            }
            String value = value(message, (String) component.value(), component);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
                throw new SignatureRefused(
                        SignatureRefusal.SIGNATURE_MALFORMED, "component " + identifier + " holds a line break");
            }
            base.append(identifier).append(": ").append(value).append('\n');
        }
        base.append("\"@signature-params\": ").append(parameters.serialize());
        return base.toString();
    }

    /** The UTF-8 bytes of {@link #of}; what is signed. */
    public static byte[] bytes(HttpMessage message, SignatureParameters parameters) throws SignatureRefused {
        return of(message, parameters).getBytes(StandardCharsets.UTF_8);
    }

    private static String value(HttpMessage message, String name, StructuredFields.Item component)
            throws SignatureRefused {
        if (!component.parameters().isEmpty()) {
            throw new SignatureRefused(
                    SignatureRefusal.COMPONENT_UNSUPPORTED,
                    "component " + StructuredFields.serialize(component)
                            + " has parameters; only plain components are supported");
        }
        if (name.startsWith("@")) {
            return derived(message, name);
        }
        if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.isEmpty()) {
            throw new SignatureRefused(
                    SignatureRefusal.SIGNATURE_MALFORMED, "field component names are lower case; got \"" + name + "\"");
        }
        String value = message.field(name);
        if (value == null) {
            throw new SignatureRefused(
                    SignatureRefusal.COMPONENT_MISSING,
                    "the signature covers field " + name + " but the message has no such field");
        }
        return value;
    }

    private static String derived(HttpMessage message, String name) throws SignatureRefused {
        if (name.equals("@status")) {
            if (message.isRequest()) {
                throw missing(name, "a request has no status");
            }
            return Integer.toString(message.status());
        }
        if (name.equals("@signature-params")) {
            throw new SignatureRefused(SignatureRefusal.SIGNATURE_MALFORMED, "@signature-params cannot be covered");
        }
        if (name.equals("@query-param")) {
            throw new SignatureRefused(
                    SignatureRefusal.COMPONENT_UNSUPPORTED,
                    "@query-param is not supported; cover @query or @target-uri instead");
        }
        if (!message.isRequest()) {
            throw new SignatureRefused(
                    SignatureRefusal.COMPONENT_UNSUPPORTED,
                    name + " of the request cannot be covered in a response by this implementation");
        }
        URI uri = message.targetUri();
        return switch (name) {
            case "@method" -> message.method();
            case "@target-uri" -> targetUri(uri);
            case "@authority" -> authority(uri);
            case "@scheme" -> uri.getScheme().toLowerCase(Locale.ROOT);
            case "@path" -> path(uri);
            case "@query" -> "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
            case "@request-target" -> path(uri) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            default ->
                throw new SignatureRefused(
                        SignatureRefusal.COMPONENT_UNSUPPORTED, "derived component " + name + " is not supported");
        };
    }

    /**
     * The target URI in its normal form (RFC 3986 §6.2.3): scheme and host in lower case, the
     * default port left out, an empty path as {@code /}. Signer and verifier both use it, so a client
     * that wrote {@code HTTP://Host:443} and a server that rebuilt {@code https://host} agree.
     */
    public static String targetUri(URI uri) {
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority(uri) + path(uri) + query;
    }

    /** {@code host[:port]} in lower case, the scheme's default port left out. */
    public static String authority(URI uri) {
        String host = uri.getHost() == null ? uri.getRawAuthority() : uri.getHost();
        host = host.toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean defaultPort =
                port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return defaultPort ? host : host + ":" + port;
    }

    private static String path(URI uri) {
        String path = uri.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    private static SignatureRefused missing(String name, String why) {
        return new SignatureRefused(SignatureRefusal.COMPONENT_MISSING, "component " + name + ": " + why);
    }
}
