package io.fapiao.cli.platform;

import io.fapiao.ledger.consortium.Consortium;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a one-machine platform keeps its things and which ports it uses; {@code scripts/platform.sh}
 * uses the same layout.
 *
 * <pre>
 * &lt;home&gt;/ledger/          the node's data; ledger/crypto the consortium's MSP folders
 * &lt;home&gt;/gm/              the GM (SM2) keys (GmMaterial)
 * &lt;home&gt;/clients/         REST clients' keys for the issuer-api (demo, tests)
 * &lt;home&gt;/services/        one properties file per service
 * &lt;home&gt;/&lt;service&gt;/       a service's data (its H2 database, documents)
 * &lt;home&gt;/run, logs        pid files and logs (platform.sh)
 * &lt;home&gt;/network         present when the platform runs on a Fabric network: the network's folder
 *                        (network/fabric.sh), whose crypto/ and organisations/ replace the node's
 * </pre>
 *
 * @param home           the folder
 * @param ledgerEndpoint host:port of the node's gateway
 * @param portBase       services listen on portBase + 1081 (his-adapter), 1082 (finance-verifier), 1083 (issuer-api)
 */
public record PlatformLayout(Path home, String ledgerEndpoint, int portBase) {
    public static final String HIS_ADAPTER = "his-adapter";
    public static final String FINANCE_VERIFIER = "finance-verifier";
    public static final String ISSUER_API = "issuer-api";

    public PlatformLayout {
        home = home.toAbsolutePath().normalize();
    }

    /** Where the consortium's MSP folders are: the embedded node's, or the Fabric network's. */
    public Path cryptoDirectory() {
        return network()
                .map(n -> n.resolve("crypto"))
                .orElse(home.resolve("ledger").resolve("crypto"));
    }

    /**
     * The Fabric network this platform runs on, as {@code platform configure --network} recorded it
     * in {@code <home>/network}; empty for the embedded node.
     */
    public Optional<Path> network() {
        Path marker = home.resolve("network");
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(Files.readString(marker).strip()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + marker, e);
        }
    }

    /** The gateway an organisation's clients use and the TLS root certificate they trust it by. */
    public record Gateway(String endpoint, Path tlsRootCertificate) {}

    /**
     * Where {@code mspId}'s clients reach the ledger: on the embedded node everyone uses the node; on a
     * Fabric network each organisation uses its own peer, as {@code network/fabric.sh up} wrote in
     * {@code organisations/<mspId>.properties}.
     */
    public Gateway gateway(String mspId, Consortium consortium) throws IOException {
        Optional<Path> network = network();
        if (network.isEmpty()) {
            return new Gateway(ledgerEndpoint, consortium.tls().rootCertificate());
        }
        Path file = network.get().resolve("organisations").resolve(mspId + ".properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        String endpoint = properties.getProperty("fapiao.ledger.endpoint");
        String root = properties.getProperty("fapiao.ledger.tls-root-certificate");
        if (endpoint == null || root == null) {
            throw new IOException(file + " lacks fapiao.ledger.endpoint or fapiao.ledger.tls-root-certificate; "
                    + "run network/fabric.sh up again");
        }
        return new Gateway(endpoint, Path.of(root));
    }

    public Path gmDirectory() {
        return home.resolve("gm");
    }

    public Path clientsDirectory() {
        return home.resolve("clients");
    }

    public Path servicesDirectory() {
        return home.resolve("services");
    }

    /** The consortium's CA certificates, one {@code <mspId>.pem} each: what {@code verify-proof --trust} takes. */
    public Path trustDirectory() {
        return home.resolve("trust");
    }

    /** A service's HTTPS certificate and key. */
    public Path tlsDirectory(String service) {
        return home.resolve("tls").resolve(service);
    }

    public Path dataDirectory(String service) {
        return home.resolve(service);
    }

    public int port(String service) {
        return switch (service) {
            case HIS_ADAPTER -> portBase + 1081;
            case FINANCE_VERIFIER -> portBase + 1082;
            case ISSUER_API -> portBase + 1083;
            default -> throw new IllegalArgumentException("no such service: " + service);
        };
    }

    /** Where a service answers: HTTPS on loopback, its certificate under {@link #tlsDirectory}. */
    public String url(String service) {
        return "https://localhost:" + port(service);
    }
}
