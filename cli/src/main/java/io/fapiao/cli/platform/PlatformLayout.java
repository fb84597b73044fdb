package io.fapiao.cli.platform;

import java.nio.file.Path;

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

    public Path cryptoDirectory() {
        return home.resolve("ledger").resolve("crypto");
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

    public String url(String service) {
        return "http://localhost:" + port(service);
    }
}
