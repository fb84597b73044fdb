package io.fapiao.cli.platform;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.development.GmMaterial;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.governance.GovernanceBootstrap;
import io.fapiao.ledger.consortium.Consortium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prepares a one-machine platform whose ledger node already runs: creates the GM keys on the first
 * run, brings the ledger's governance to the development plan (as FinanceOrg's Admin; only what is
 * missing), and writes each service's properties file. {@code scripts/platform.sh up} runs it
 * between starting the node and starting the services.
 *
 * <pre>{@code
 * java -jar fapiao-cli.jar platform configure --home .fapiao --ledger localhost:7051
 * }</pre>
 */
@Command(
        name = "configure",
        description = "Governance, GM keys and the services' properties for a running ledger node.")
final class ConfigureCommand implements Callable<Integer> {
    /** How long a fresh Fabric network's gateways may take to see enough peers to endorse. */
    private static final Duration ENDORSERS_WITHIN = Duration.ofMinutes(2);

    @Option(names = "--home", required = true, description = "the platform's folder (ledger/, gm/, services/, ...)")
    Path home;

    @Option(names = "--ledger", defaultValue = "localhost:7051", description = "the node's gateway endpoint")
    String ledger;

    @Option(
            names = "--port-base",
            defaultValue = "7000",
            description = "services listen on port-base + 1081, 1082, 1083")
    int portBase;

    @Option(
            names = "--bind-address",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDRESS",
            description = "the address the services listen on (default ${DEFAULT-VALUE}: this machine only; "
                    + "0.0.0.0 in a container whose port is published)")
    String bindAddress;

    @Option(
            names = "--network",
            description = "a Fabric network's folder (network/fabric.sh up): each service "
                    + "then uses its organisation's peer and the network's consortium instead of the embedded node")
    Path network;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(home);
        Path marker = home.resolve("network");
        if (network != null) {
            Files.writeString(marker, network.toAbsolutePath().normalize() + "\n");
        } else {
            Files.deleteIfExists(marker);
        }
        PlatformLayout layout = new PlatformLayout(home, ledger, portBase);
        Consortium consortium = Consortium.load(layout.cryptoDirectory());
        GmMaterial gm = GmMaterial.openOrCreate(layout.gmDirectory(), DevelopmentConsortiumPlan.SUBMITTERS.keySet());

        if (network != null) {
            awaitEndorsers(layout, consortium);
        }
        try (Ledger admin = Ledger.connect(adminSettings(layout, consortium, DevelopmentConsortiumPlan.FINANCE_MSP))) {
            List<String> done = new GovernanceBootstrap(new FapiaoLedger(admin))
                    .apply(DevelopmentConsortiumPlan.plan(Instant.now(), gm.sealCertificates()));
            done.forEach(line -> System.out.println("governance: " + line));
        }
        List<ApiClients.Client> clients =
                ApiClients.openOrCreate(layout.clientsDirectory(), consortium::certificateAuthority);
        ServiceProfiles profiles = new ServiceProfiles(layout, consortium, gm, clients, bindAddress, System.getenv());
        for (Path written : profiles.writeAll()) {
            System.out.println("wrote " + written);
        }
        return 0;
    }

    /**
     * On a Fabric network that has just started, each organisation's peer (each service submits
     * through its own) can endorse only once gossip has shown it the others: wait for that before the
     * first transaction, instead of failing the start.
     */
    private static void awaitEndorsers(PlatformLayout layout, Consortium consortium) throws Exception {
        for (String mspId : List.of(
                DevelopmentConsortiumPlan.HOSPITAL_MSP,
                DevelopmentConsortiumPlan.FINANCE_MSP,
                DevelopmentConsortiumPlan.ISSUER_MSP,
                DevelopmentConsortiumPlan.AUDITOR_MSP)) {
            try (Ledger admin = Ledger.connect(adminSettings(layout, consortium, mspId))) {
                admin.awaitEndorsers(ENDORSERS_WITHIN);
            }
        }
    }

    private static LedgerSettings adminSettings(PlatformLayout layout, Consortium consortium, String mspId)
            throws Exception {
        Path msp = consortium.userDirectory(mspId, "Admin");
        PlatformLayout.Gateway gateway = layout.gateway(mspId, consortium);
        return LedgerSettings.builder()
                .endpoint(gateway.endpoint())
                .tlsRootCertificate(gateway.tlsRootCertificate())
                .mspId(mspId)
                .certificate(ServiceProfiles.onlyFile(msp.resolve("signcerts")))
                .privateKey(ServiceProfiles.onlyFile(msp.resolve("keystore")))
                .build();
    }
}
