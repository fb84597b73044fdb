package io.fapiao.chaincode.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.hyperledger.fabric.shim.ChaincodeServerProperties;

/**
 * How the chaincode service listens, from the environment a Fabric external-builder deployment sets.
 * The {@code CHAINCODE_*} names are the ones Fabric's chaincode-as-a-service samples use; the
 * {@code CORE_*} names are the ones the Java shim itself reads, accepted as fallbacks.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><td>CHAINCODE_SERVER_ADDRESS</td><td>listen address {@code host:port} (required)</td></tr>
 *   <tr><td>CHAINCODE_ID, else CORE_CHAINCODE_ID_NAME</td><td>the package id the peer connects with (required)</td></tr>
 *   <tr><td>CHAINCODE_TLS_DISABLED</td><td>{@code true} serves plaintext; {@code false} requires the key and certificate</td></tr>
 *   <tr><td>CHAINCODE_TLS_KEY</td><td>PKCS#8 PEM private key file</td></tr>
 *   <tr><td>CHAINCODE_TLS_CERT</td><td>PEM certificate chain file</td></tr>
 *   <tr><td>CHAINCODE_CLIENT_CA_CERT</td><td>PEM CA file; when set, peers must present a client certificate it issued</td></tr>
 * </table>
 * TLS is on when CHAINCODE_TLS_DISABLED is {@code false}, or when it is unset and a key and certificate
 * are given. A peer's own {@code CORE_PEER_TLS_*} settings say how a peer dials others; they mean
 * nothing to a service and are ignored ({@link #PEER_CLIENT_VARIABLES}).
 *
 * <pre>{@code
 * ServiceSettings settings = ServiceSettings.from(System.getenv());
 * new NettyChaincodeServer(router, settings.serverProperties());
 * }</pre>
 *
 * @param address     where to listen
 * @param chaincodeId the chaincode (package) id
 * @param tls         whether to serve TLS
 * @param keyFile     TLS key file, or null
 * @param certFile    TLS certificate chain file, or null
 * @param clientCaFile CA file for client authentication, or null
 */
public record ServiceSettings(
        InetSocketAddress address,
        String chaincodeId,
        boolean tls,
        String keyFile,
        String certFile,
        String clientCaFile) {

    /**
     * A peer's client-side TLS variables. When one leaks into a service's environment (a shell that also
     * runs a peer, a container template), the shim's own start-up reads it as "dial the peer over TLS"
     * and refuses to start without client certificates; {@link ChaincodeService} starts the server
     * without them instead.
     */
    public static final java.util.List<String> PEER_CLIENT_VARIABLES = java.util.List.of(
            "CORE_PEER_TLS_ENABLED",
            "CORE_PEER_TLS_ROOTCERT_FILE",
            "CORE_TLS_CLIENT_KEY_PATH",
            "CORE_TLS_CLIENT_CERT_PATH",
            "CORE_TLS_CLIENT_KEY_FILE",
            "CORE_TLS_CLIENT_CERT_FILE");

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming the variable that is missing or wrong
     */
    public static ServiceSettings from(Map<String, String> environment) {
        String address = environment.get("CHAINCODE_SERVER_ADDRESS");
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("CHAINCODE_SERVER_ADDRESS is not set; give the listen address as "
                    + "host:port, e.g. 0.0.0.0:9999");
        }
        String id = first(environment, "CHAINCODE_ID", "CORE_CHAINCODE_ID_NAME");
        if (id == null) {
            throw new IllegalArgumentException("CHAINCODE_ID (or CORE_CHAINCODE_ID_NAME) is not set; give the "
                    + "chaincode package id, e.g. fapiao_1.0:3b1f...");
        }
        String key = first(environment, "CHAINCODE_TLS_KEY");
        String cert = first(environment, "CHAINCODE_TLS_CERT");
        String clientCa = first(environment, "CHAINCODE_CLIENT_CA_CERT");
        String disabled = first(environment, "CHAINCODE_TLS_DISABLED");
        boolean tls;
        if (disabled != null) {
            if (!disabled.equals("true") && !disabled.equals("false")) {
                throw new IllegalArgumentException("CHAINCODE_TLS_DISABLED must be true or false, not " + disabled);
            }
            tls = disabled.equals("false");
        } else {
            tls = key != null && cert != null;
        }
        if (tls) {
            requireFile("CHAINCODE_TLS_KEY", key);
            requireFile("CHAINCODE_TLS_CERT", cert);
            if (clientCa != null) {
                requireFile("CHAINCODE_CLIENT_CA_CERT", clientCa);
            }
        }
        return new ServiceSettings(
                parseAddress(address), id, tls, tls ? key : null, tls ? cert : null, tls ? clientCa : null);
    }

    /** The shim's server properties for these settings. */
    public ChaincodeServerProperties serverProperties() {
        ChaincodeServerProperties properties = new ChaincodeServerProperties();
        properties.setServerAddress(address);
        if (tls) {
            properties.setTlsEnabled(true);
            properties.setKeyFile(keyFile);
            properties.setKeyCertChainFile(certFile);
            if (clientCaFile != null) {
                properties.setTrustCertCollectionFile(clientCaFile);
            }
        }
        return properties;
    }

    private static InetSocketAddress parseAddress(String text) {
        try {
            URI uri = new URI("tcp://" + text.trim());
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new URISyntaxException(text, "needs host and port");
            }
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("CHAINCODE_SERVER_ADDRESS '" + text + "' is not host:port", e);
        }
    }

    private static void requireFile(String variable, String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException(
                    "TLS is on but " + variable + " is not set; set it or set " + "CHAINCODE_TLS_DISABLED=true");
        }
        if (!Files.isReadable(Path.of(path))) {
            throw new IllegalArgumentException(variable + " names " + path + ", which is not a readable file");
        }
    }

    private static String first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
