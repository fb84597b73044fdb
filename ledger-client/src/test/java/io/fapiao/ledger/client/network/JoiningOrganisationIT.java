package io.fapiao.ledger.client.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerBlocks;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.Role;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hospital organisation joins a running Fabric network ({@code network/fabric.sh add-org}): the
 * channel's configuration admits it by an update a majority of the founders' admins signed, its peer
 * catches up to the same chain, endorses the contract's transactions, and its users are then governed
 * like any other organisation's. Needs Fabric's binaries ({@code network/fabric.sh install}); under
 * {@code CI=true} their absence fails the test instead of skipping it.
 */
class JoiningOrganisationIT {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path HOME = Path.of("target", "fabric-join").toAbsolutePath();
    private static final String PORT_BASE = "20000";
    private static final String NEWCOMER = "Hospital2OrgMSP";

    private static final List<Ledger> connections = new ArrayList<>();

    @BeforeAll
    static void startNetworkAndAddAHospital() throws Exception {
        fabric("down", "--wipe");
        deleteTree(HOME);
        fabric("up");
        // Governance exists before the newcomer arrives, as on a platform that already runs.
        financeAdmin(DevelopmentConsortiumPlan.FINANCE_MSP).initGovernance(DevelopmentConsortiumPlan.FINANCE_MSP);
        fabric("add-org", "Hospital2Org:hospital2.fapiao.local");
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        connections.forEach(Ledger::close);
        fabric("down");
    }

    @Test
    void theNewcomersPeerHoldsTheSameChainAsAFoundersPeer() throws Exception {
        LedgerBlocks founder = new LedgerBlocks(connect(DevelopmentConsortiumPlan.FINANCE_MSP, "Admin",
                DevelopmentConsortiumPlan.FINANCE_MSP));
        LedgerBlocks newcomer = new LedgerBlocks(connect(NEWCOMER, "hospital1", NEWCOMER));
        long height = founder.chainInfo().getHeight();
        assertThat(newcomer.chainInfo().getHeight()).isGreaterThanOrEqualTo(height);
        for (long number = 0; number < height; number++) {
            assertThat(newcomer.block(number).getHeader()).as("block %d", number)
                    .isEqualTo(founder.block(number).getHeader());
        }
    }

    @Test
    void theNewcomersPeerEndorsesAndItsHospitalIsGovernedLikeAnyOther() throws Exception {
        // FinanceOrg's Admin, through the newcomer's own gateway, grants it the hospital role.
        FapiaoLedger admin = financeAdmin(NEWCOMER);
        Recorded<Governance> granted = admin.grantRoles(NEWCOMER, List.of(Role.HOSPITAL));

        List<String> endorsers = endorsers(new LedgerBlocks(admin.ledger()).blockOf(granted.transactionId()),
                granted.transactionId());
        assertThat(endorsers).as("MAJORITY of five organisations, the gateway's own peer among them")
                .contains(NEWCOMER).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();

        FapiaoLedger hospital = new FapiaoLedger(connect(NEWCOMER, "hospital1", NEWCOMER));
        assertThat(hospital.governance().grants().get(NEWCOMER)).containsExactly(Role.HOSPITAL);
    }

    /** The MSP IDs of the endorsements of transaction {@code txId} in {@code block}. */
    private static List<String> endorsers(Block block, String txId) throws Exception {
        for (var data : block.getData().getDataList()) {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(data).getPayload());
            var header = org.hyperledger.fabric.protos.common.ChannelHeader.parseFrom(
                    payload.getHeader().getChannelHeader());
            if (!header.getTxId().equals(txId)) {
                continue;
            }
            Transaction transaction = Transaction.parseFrom(payload.getData());
            ChaincodeActionPayload action = ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
            List<String> msps = new ArrayList<>();
            for (Endorsement endorsement : action.getAction().getEndorsementsList()) {
                msps.add(SerializedIdentity.parseFrom(endorsement.getEndorser()).getMspid());
            }
            return msps;
        }
        throw new AssertionError("transaction " + txId + " is not in block " + block.getHeader().getNumber());
    }

    private static FapiaoLedger financeAdmin(String gatewayOf) throws Exception {
        return new FapiaoLedger(connect(DevelopmentConsortiumPlan.FINANCE_MSP, "Admin", gatewayOf));
    }

    /** {@code user} of {@code mspId}, through the peer of organisation {@code gatewayOf}. */
    private static Ledger connect(String mspId, String user, String gatewayOf) throws Exception {
        Properties gateway = new Properties();
        try (Reader reader = Files.newBufferedReader(HOME.resolve("organisations").resolve(gatewayOf + ".properties"))) {
            gateway.load(reader);
        }
        Path msp = Consortium.load(HOME.resolve("crypto")).userDirectory(mspId, user);
        Ledger ledger = Ledger.connect(LedgerSettings.builder()
                .endpoint(gateway.getProperty("fapiao.ledger.endpoint"))
                .tlsRootCertificate(Path.of(gateway.getProperty("fapiao.ledger.tls-root-certificate")))
                .mspId(mspId)
                .certificate(onlyFile(msp.resolve("signcerts")))
                .privateKey(onlyFile(msp.resolve("keystore")))
                .build());
        connections.add(ledger);
        return ledger;
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.findFirst().orElseThrow(() -> new IOException("no file in " + folder));
        }
    }

    private static void fabric(String... action) throws Exception {
        Path script = ROOT.resolve("network/fabric.sh");
        if (!isInstalled()) {
            // Outside CI a developer without Go can still run the rest of the suite.
            org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getenv("CI")),
                    "Fabric's binaries are not built (network/fabric.sh install)");
        }
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(action));
        command.addAll(List.of("--home", HOME.toString(), "--port-base", PORT_BASE));
        Files.createDirectories(HOME.getParent());
        Path log = HOME.getParent().resolve("fabric-join-" + action[0] + ".log");
        Process process = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(6, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("network/fabric.sh " + String.join(" ", action) + " failed:\n"
                    + Files.readString(log));
        }
    }

    /** Whether fabric.sh can start a network without building (or CI, which must build and run it). */
    private static boolean isInstalled() throws Exception {
        Process probe = new ProcessBuilder("bash", "-c", "root=" + ROOT + "; . network/fabric-install.sh; fabric_installed")
                .directory(ROOT.toFile()).start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
