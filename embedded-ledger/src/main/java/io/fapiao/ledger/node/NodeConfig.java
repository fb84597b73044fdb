package io.fapiao.ledger.node;

import io.fapiao.ledger.ordering.BlockCutting;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads {@link NodeSettings} from a flat YAML file (e.g. {@code ledger.yaml}) and the environment,
 * the environment winning: key {@code block.timeout} is overridden by {@code FAPIAO_LEDGER_BLOCK_TIMEOUT}.
 * Unknown keys are refused so a typo does not silently fall back to a default.
 *
 * <pre>{@code
 * NodeSettings settings = NodeConfig.load(Path.of("ledger.yaml"), System.getenv());
 * }</pre>
 */
final class NodeConfig {

    /** Every key, with its default. */
    public static final Map<String, String> DEFAULTS = defaults();

    private NodeConfig() {}

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("data-dir", "ledger-data");
        d.put("crypto-dir", "");
        d.put("listen-address", "0.0.0.0");
        d.put("port", "7051");
        d.put("channel", "fapiao");
        d.put("chaincode", "fapiao");
        d.put("chaincode-version", "1.0");
        d.put("tls", "true");
        d.put("block.max-message-count", "500");
        d.put("block.preferred-max-bytes", String.valueOf(2 * 1024 * 1024));
        d.put("block.absolute-max-bytes", String.valueOf(10 * 1024 * 1024));
        d.put("block.timeout", "20ms");
        return Map.copyOf(d);
    }

    public static String environmentName(String key) {
        return "FAPIAO_LEDGER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The effective key/value map: defaults, then the file (if any), then the environment. */
    public static Map<String, String> values(Path file, Map<String, String> environment) throws IOException {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file)) {
                Object loaded = new Yaml().load(reader);
                if (loaded != null) {
                    if (!(loaded instanceof Map<?, ?> map)) {
                        throw new IOException(file + " must be a map of settings");
                    }
                    flatten("", map, values, file);
                }
            }
        }
        for (String key : DEFAULTS.keySet()) {
            String env = environment.get(environmentName(key));
            if (env != null) {
                values.put(key, env);
            }
        }
        return values;
    }

    public static NodeSettings load(Path file, Map<String, String> environment) throws IOException {
        Map<String, String> v = values(file, environment);
        try {
            BlockCutting cutting = new BlockCutting(
                    Integer.parseInt(v.get("block.max-message-count")),
                    Integer.parseInt(v.get("block.preferred-max-bytes")),
                    Integer.parseInt(v.get("block.absolute-max-bytes")),
                    duration(v.get("block.timeout")));
            return new NodeSettings(
                    Path.of(v.get("data-dir")),
                    v.get("listen-address"),
                    Integer.parseInt(v.get("port")),
                    v.get("channel"),
                    v.get("chaincode"),
                    v.get("chaincode-version"),
                    cutting,
                    Boolean.parseBoolean(v.get("tls")));
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid ledger configuration: " + e.getMessage(), e);
        }
    }

    /** "200ms", "2s", "1m" or an ISO-8601 duration. */
    static Duration duration(String text) {
        String t = text.trim();
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.parse(t);
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into, Path file) throws IOException {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, into, file);
            } else if (DEFAULTS.containsKey(key)) {
                into.put(key, String.valueOf(e.getValue()));
            } else {
                throw new IOException(
                        file + ": unknown setting '" + key + "'; known settings are " + DEFAULTS.keySet());
            }
        }
    }
}
