package io.fapiao.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.node.LedgerVerifier;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the node from the shaded jar as its own JVM, streams submissions from several clients,
 * kills it with SIGKILL mid-stream, restarts it on the same data directory, and checks that every
 * transaction whose commit status was reported VALID is there and that {@code verify} passes.
 */
class KillNineIT {

    @TempDir
    Path dir;

    @Test
    void everyReportedValidTransactionSurvivesKillNine() throws Exception {
        Path data = dir.resolve("data");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process node = startNode(data, port);
        Consortium consortium = Consortium.load(data.resolve("crypto"));
        ConcurrentLinkedQueue<String> reportedValid = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        ManagedChannel channel = channel(consortium, port);
        try (Gateway gateway = gateway(consortium, channel)) {
            Contract contract = gateway.getNetwork("fapiao").getContract("fapiao", "ledgertest");
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        try {
                            var tx = contract.newProposal("Put")
                                    .addArguments("k" + client + "-" + i, "v" + i)
                                    .build()
                                    .endorse()
                                    .submitAsync();
                            if (tx.getStatus().getCode() == TxValidationCode.VALID) {
                                reportedValid.add(tx.getTransactionId());
                            }
                        } catch (Exception e) {
                            // the node died: what was not reported VALID may or may not be committed
                        }
                    }
                });
            }
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (reportedValid.size() < 200 && System.nanoTime() < until) {
                Thread.sleep(50);
            }
            node.destroyForcibly().waitFor();
            running.set(false);
        } finally {
            clients.shutdownNow();
            clients.awaitTermination(10, TimeUnit.SECONDS);
            channel.shutdownNow();
        }
        assertThat(reportedValid).isNotEmpty();

        Process restarted = startNode(data, port);
        restarted.destroy();
        restarted.waitFor();
        LedgerVerifier.Report report =
                LedgerVerifier.verify(data, consortium.orderer().serialized());
        assertThat(report.problems()).isEmpty();
        try (var state = io.fapiao.ledger.state.StateStore.open(data.resolve("state"))) {
            for (String txId : reportedValid) {
                assertThat(state.transaction(txId))
                        .as(txId)
                        .hasValueSatisfying(at -> assertThat(at.code()).isEqualTo(TxValidationCode.VALID));
            }
        }
    }

    private Process startNode(Path data, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Path.of("target", "fapiao-ledger.jar").toAbsolutePath()
                + File.pathSeparator
                + Path.of("target", "test-classes").toAbsolutePath();
        Path log = dir.resolve("node-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-cp",
                        classpath,
                        "io.fapiao.ledger.node.LedgerMain",
                        "run")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("FAPIAO_LEDGER_DATA_DIR", data.toString());
        pb.environment().put("FAPIAO_LEDGER_PORT", Integer.toString(port));
        pb.environment().put("FAPIAO_LEDGER_LISTEN_ADDRESS", "127.0.0.1");
        pb.environment().put("FAPIAO_LEDGER_BLOCK_TIMEOUT", "20ms");
        Process process = pb.start();
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < until) {
            if (Files.exists(log) && Files.readString(log).contains("fapiao-ledger listening")) {
                return process;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("node exited: " + Files.readString(log));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("node did not start: " + Files.readString(log));
    }

    private static ManagedChannel channel(Consortium consortium, int port) throws Exception {
        return Grpc.newChannelBuilder(
                        "localhost:" + port,
                        TlsChannelCredentials.newBuilder()
                                .trustManager(consortium.tls().rootCertificate().toFile())
                                .build())
                .build();
    }

    private static Gateway gateway(Consortium consortium, ManagedChannel channel) throws Exception {
        SigningIdentity user = consortium.user("HospitalOrgMSP", "hospital1");
        return Gateway.newInstance()
                .identity(new X509Identity(user.mspId(), user.certificate()))
                .signer(Signers.newPrivateKeySigner(user.privateKey()))
                .connection(channel)
                .commitStatusOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                .connect();
    }
}
