package io.fapiao.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import io.fapiao.ledger.node.LedgerMain;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Protocol compatibility shown by a client nobody here wrote: Hyperledger's own fabric-gateway
 * package for Node.js (from npm, unmodified, driven by {@code src/test/node/gateway-client.mjs})
 * submits to and evaluates on the node, over TLS, with identities from the generated consortium.
 */
class NodeInteropIT {

    private static final Path CLIENT_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final String HOSPITAL = "HospitalOrgMSP";

    @TempDir
    static Path dir;

    static Consortium consortium;
    static LedgerNode node;

    @BeforeAll
    static void start() throws Exception {
        requireNodeClient();
        consortium = ConsortiumGenerator.revoke(
                ConsortiumGenerator.openOrCreate(dir.resolve("crypto")), HOSPITAL, "enterprise1");
        node = LedgerNode.start(
                NodeSettings.defaults(dir.resolve("data"))
                        .withListenAddress("127.0.0.1")
                        .withPort(0),
                LedgerMain.identities(consortium));
    }

    @AfterAll
    static void stop() throws IOException {
        if (node != null) {
            node.close();
        }
    }

    /** CI installs the client with {@code .ci/run}; a machine without it must say so, not skip. */
    private static void requireNodeClient() throws InterruptedException {
        String fix = "run (cd embedded-ledger/src/test/node && npm ci) first";
        try {
            Process version = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            if (!version.waitFor(30, TimeUnit.SECONDS) || version.exitValue() != 0) {
                throw new AssertionError("`node --version` failed; install Node.js 18 or newer and " + fix);
            }
        } catch (IOException e) {
            throw new AssertionError("Node.js (`node`) is not on the PATH; install Node.js 18 or newer and " + fix, e);
        }
        if (!Files.isDirectory(
                CLIENT_DIR.resolve("node_modules").resolve("@hyperledger").resolve("fabric-gateway"))) {
            throw new AssertionError(
                    "the Node.js fabric-gateway client is not installed in " + CLIENT_DIR + ": " + fix);
        }
    }

    @Test
    void theNodeClientSubmitsAndEvaluates() throws Exception {
        JsonNode submitted = run("hospital1", "submit", "ledgertest:Put", "interop", "from node.js");

        assertThat(submitted.get("ok").asBoolean()).as(submitted.toString()).isTrue();
        assertThat(submitted.get("code").asInt()).isEqualTo(TxValidationCode.VALID_VALUE);
        String txId = submitted.get("transactionId").asString();
        long block = Long.parseLong(submitted.get("blockNumber").asString());
        assertThat(block).isPositive();
        assertThat(node.ledger().transaction(txId))
                .as("the node's index agrees")
                .hasValueSatisfying(at -> assertThat(at.blockNumber()).isEqualTo(block));

        JsonNode evaluated = run("hospital1", "evaluate", "ledgertest:Get", "interop");
        assertThat(evaluated.get("ok").asBoolean()).as(evaluated.toString()).isTrue();
        assertThat(evaluated.get("result").asString()).isEqualTo("from node.js");

        JsonNode incremented = run("hospital1", "submit", "ledgertest:Increment", "interop-counter");
        assertThat(incremented.get("result").asString())
                .as("the contract's return value")
                .isEqualTo("1");
    }

    @Test
    void aChaincodeErrorReachesTheNodeClientIntact() throws Exception {
        JsonNode submitted =
                run("hospital1", "submit", "ledgertest:Fail", "BILL_CONFLICT", "bill 42 exists with other content");
        assertThat(submitted.get("ok").asBoolean()).isFalse();
        assertThat(messages(submitted.get("details")))
                .containsExactly("chaincode response 500, BILL_CONFLICT: bill 42 exists with other content");

        JsonNode evaluated = run("hospital1", "evaluate", "ledgertest:Fail", "NOT_FOUND", "no bill 9132:B1");
        assertThat(evaluated.get("ok").asBoolean()).isFalse();
        assertThat(evaluated.get("error").asString())
                .endsWith(
                        "evaluate call to endorser returned error: chaincode response 500, NOT_FOUND: no bill 9132:B1");
    }

    @Test
    void aRevokedIdentityIsRefused() throws Exception {
        JsonNode submitted = run("enterprise1", "submit", "ledgertest:Put", "revoked", "x");
        assertThat(submitted.get("ok").asBoolean()).isFalse();
        assertThat(messages(submitted.get("details")))
                .singleElement()
                .isEqualTo("error validating proposal: access denied: channel [fapiao] creator org [HospitalOrgMSP]");

        JsonNode evaluated = run("enterprise1", "evaluate", "ledgertest:Get", "interop");
        assertThat(evaluated.get("ok").asBoolean()).isFalse();
        assertThat(evaluated.get("error").asString()).contains("access denied");
        assertThat(node.ledger().state().get("fapiao", "revoked"))
                .as("nothing written")
                .isEmpty();
    }

    private static List<String> messages(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(item.asString()));
        return out;
    }

    /** One run of the Node.js client as user {@code user} of HospitalOrg; its single line of JSON. */
    private static JsonNode run(String user, String... args) throws Exception {
        Path msp = consortium.userDirectory(HOSPITAL, user);
        List<String> command = new ArrayList<>(
                List.of("node", CLIENT_DIR.resolve("gateway-client.mjs").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(dir, "node-client", ".out");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(CLIENT_DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("FAPIAO_ENDPOINT", "localhost:" + node.port());
        builder.environment()
                .put("FAPIAO_TLS_ROOT", consortium.tls().rootCertificate().toString());
        builder.environment().put("FAPIAO_MSP_ID", HOSPITAL);
        builder.environment()
                .put("FAPIAO_CERT", onlyFile(msp.resolve("signcerts")).toString());
        builder.environment()
                .put("FAPIAO_KEY", onlyFile(msp.resolve("keystore")).toString());
        builder.environment().put("FAPIAO_CHANNEL", "fapiao");
        builder.environment().put("FAPIAO_CHAINCODE", "fapiao");
        Process process = builder.start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the Node.js client did not finish: " + Files.readString(output));
        }
        String printed = Files.readString(output, UTF_8);
        assertThat(process.exitValue()).as(printed).isZero();
        String json = printed.lines()
                .filter(line -> line.startsWith("{"))
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("the Node.js client printed no JSON: " + printed));
        return Json.readTree(json.getBytes(UTF_8));
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            assertThat(all).as(folder.toString()).hasSize(1);
            return all.getFirst();
        }
    }
}
