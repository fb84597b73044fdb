package io.fapiao.httpsig;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a signature covers and says about itself: the ordered component identifiers and the
 * signature parameters ({@code created}, {@code expires}, {@code keyid}, {@code alg}, {@code nonce},
 * {@code tag}...), in the order they were written. Its {@link #serialize() serialisation} is both the
 * {@code Signature-Input} member value and the value of {@code @signature-params} in the signature
 * base (RFC 9421 §2.3).
 *
 * <pre>{@code
 * SignatureParameters params = SignatureParameters.of(List.of("@method", "@target-uri", "content-digest"))
 *         .with("created", 1618884473L).with("keyid", "k1").with("nonce", "n-1");
 * params.serialize(); // ("@method" "@target-uri" "content-digest");created=1618884473;keyid="k1";nonce="n-1"
 * }</pre>
 *
 * @param components the covered component identifiers, each an sf-string item with its parameters
 * @param parameters the signature parameters in order
 */
public record SignatureParameters(List<StructuredFields.Item> components, Map<String, Object> parameters) {

    public SignatureParameters {
        components = List.copyOf(components);
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Parameters covering the named components (field names or derived {@code @} names), no parameters yet. */
    public static SignatureParameters of(List<String> componentNames) {
        List<StructuredFields.Item> items = new ArrayList<>();
        for (String name : componentNames) {
            items.add(new StructuredFields.Item(name, Map.of()));
        }
        return new SignatureParameters(items, Map.of());
    }

    /** The parameters of a parsed {@code Signature-Input} member. */
    public static SignatureParameters from(StructuredFields.InnerList list) throws SignatureRefused {
        for (StructuredFields.Item item : list.items()) {
            if (!(item.value() instanceof String)) {
                throw new SignatureRefused(
                        SignatureRefusal.SIGNATURE_MALFORMED,
                        "every covered component must be a quoted string; found " + item.value());
            }
        }
        return new SignatureParameters(list.items(), list.parameters());
    }

    /** A copy with one more parameter (or a replaced one); values are {@code Long}, {@code String}... */
    public SignatureParameters with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(parameters);
        copy.put(name, value);
        return new SignatureParameters(components, copy);
    }

    /** The names of the covered components, in order (parameters of each left out). */
    public List<String> componentNames() {
        return components.stream().map(item -> (String) item.value()).toList();
    }

    /** Whether the component is covered without component parameters. */
    public boolean covers(String name) {
        return components.stream()
                .anyMatch(item -> item.value().equals(name) && item.parameters().isEmpty());
    }

    public Optional<Instant> created() throws SignatureRefused {
        return instant("created");
    }

    public Optional<Instant> expires() throws SignatureRefused {
        return instant("expires");
    }

    public Optional<String> keyId() throws SignatureRefused {
        return string("keyid");
    }

    public Optional<String> nonce() throws SignatureRefused {
        return string("nonce");
    }

    public Optional<String> algorithm() throws SignatureRefused {
        return string("alg");
    }

    /** The inner-list text: the {@code Signature-Input} member value and {@code @signature-params}. */
    public String serialize() {
        return StructuredFields.serialize(new StructuredFields.InnerList(components, parameters));
    }

    private Optional<Instant> instant(String name) throws SignatureRefused {
        Object value = parameters.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Long seconds) {
            return Optional.of(Instant.ofEpochSecond(seconds));
        }
        throw new SignatureRefused(
                SignatureRefusal.SIGNATURE_MALFORMED,
                "signature parameter " + name + " must be an integer (seconds since the epoch)");
    }

    private Optional<String> string(String name) throws SignatureRefused {
        Object value = parameters.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw new SignatureRefused(
                SignatureRefusal.SIGNATURE_MALFORMED, "signature parameter " + name + " must be a quoted string");
    }
}
