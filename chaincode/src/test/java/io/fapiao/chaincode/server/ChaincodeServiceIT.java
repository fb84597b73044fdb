package io.fapiao.chaincode.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeGrpc;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ChaincodeInput;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.GetState;
import org.hyperledger.fabric.protos.peer.Proposal;
import org.hyperledger.fabric.protos.peer.PutState;
import org.hyperledger.fabric.protos.peer.Response;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Starts the shaded jar as a chaincode service on a loopback port and plays the peer's side of the
 * chaincode protocol over real gRPC: opens {@code Chaincode.Connect}, answers REGISTER with REGISTERED
 * and READY, sends TRANSACTION messages carrying a signed-proposal header with the caller's serialized
 * identity, and answers the GET_STATE / PUT_STATE requests the contract makes from its own world state.
 */
class ChaincodeServiceIT {
    private static final String CHAINCODE_ID = "fapiao_1.0:it";
    private static final String CHANNEL = "fapiao";
    private static Process service;
    private static ManagedChannel channel;
    private static StreamObserver<ChaincodeMessage> toChaincode;
    private static final BlockingQueue<ChaincodeMessage> fromChaincode = new LinkedBlockingQueue<>();
    private static final Map<String, ByteString> worldState = new HashMap<>();
    private static Identity financeAdmin;
    private static Identity hospital;
    private static int transactions;

    @BeforeAll
    static void startServiceAndConnectAsAPeer() throws Exception {
        Path jar = Path.of("target", "fapiao-chaincode.jar");
        assertThat(jar).as("the shaded jar is built in the package phase").exists();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString());
        builder.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        builder.environment().put("CHAINCODE_ID", CHAINCODE_ID);
        builder.environment().put("CHAINCODE_TLS_DISABLED", "true");
        // A peer's client setting leaked into the service's environment: the service must still serve.
        builder.environment().put("CORE_PEER_TLS_ENABLED", "true");
        builder.redirectErrorStream(true)
                .redirectOutput(Path.of("target", "chaincode-service-it.log").toFile());
        service = builder.start();
        awaitListening(port, Duration.ofSeconds(90));

        Instant from = Instant.parse("2020-01-01T00:00:00Z");
        Instant until = Instant.parse("2046-01-01T00:00:00Z");
        CertificateAuthority financeCa =
                CertificateAuthority.create(CryptoSuite.INTL, "FinanceOrg", "ca.finance", from, until);
        financeAdmin =
                financeCa.issue(IdentityProfile.named("admin").withUnit("admin").validBetween(from, until));
        CertificateAuthority hospitalCa =
                CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital", from, until);
        hospital = hospitalCa.issue(IdentityProfile.named("his")
                .withUnit("client")
                .withAttribute("role", "hospital")
                .validBetween(from, until));

        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port)
                .usePlaintext()
                .build();
        toChaincode = ChaincodeGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ChaincodeMessage message) {
                fromChaincode.add(message);
            }

            @Override
            public void onError(Throwable t) {
                fromChaincode.add(ChaincodeMessage.newBuilder()
                        .setType(ChaincodeMessage.Type.ERROR)
                        .setPayload(ByteString.copyFromUtf8("stream failed: " + t))
                        .build());
            }

            @Override
            public void onCompleted() {}
        });
        ChaincodeMessage register = next();
        assertThat(register.getType()).isEqualTo(ChaincodeMessage.Type.REGISTER);
        assertThat(ChaincodeID.parseFrom(register.getPayload()).getName()).isEqualTo(CHAINCODE_ID);
        toChaincode.onNext(ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.REGISTERED)
                .build());
        toChaincode.onNext(ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.READY)
                .build());
    }

    @AfterAll
    static void stop() throws Exception {
        if (toChaincode != null) {
            toChaincode.onCompleted();
        }
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (service != null) {
            service.destroy();
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly();
            }
        }
    }

    @Test
    void theJarServesTheContractToAPeer() throws Exception {
        ChaincodeMessage done = transact(financeAdmin, "FinanceOrgMSP", "InitGovernance", "FinanceOrgMSP");
        assertThat(done.getType()).isEqualTo(ChaincodeMessage.Type.COMPLETED);
        Response response = Response.parseFrom(done.getPayload());
        assertThat(response.getStatus()).as(response.getMessage()).isEqualTo(200);
        String result = response.getPayload().toStringUtf8();
        assertThat(result).contains("\"financeMspId\":\"FinanceOrgMSP\"").contains("\"mspId\":\"FinanceOrgMSP\"");
        assertThat(done.getChaincodeEvent().getEventName()).isEqualTo("GovernanceInitialised");
        assertThat(worldState)
                .as("the contract wrote the governance record through PUT_STATE")
                .hasSize(1);
        assertThat(worldState.values().iterator().next().toStringUtf8()).isEqualTo(result);

        ChaincodeMessage read = transact(hospital, "HospitalOrgMSP", "GetGovernance");
        assertThat(Response.parseFrom(read.getPayload()).getPayload().toStringUtf8())
                .as("read back through GET_STATE")
                .isEqualTo(result);

        ChaincodeMessage refused =
                transact(hospital, "HospitalOrgMSP", "GrantRoles", "HospitalOrgMSP", "[\"finance\"]");
        Response rejection = Response.parseFrom(refused.getPayload());
        assertThat(rejection.getStatus()).isEqualTo(500);
        assertThat(rejection.getMessage()).startsWith("NOT_AUTHORIZED: GrantRoles needs an admin");
        assertThat(rejection.getPayload().toStringUtf8()).isEqualTo("NOT_AUTHORIZED");
        assertThat(worldState).as("a refusal writes nothing").hasSize(1);
    }

    /** Sends one transaction and answers the chaincode's state requests until it completes. */
    private static ChaincodeMessage transact(Identity caller, String mspId, String... args) throws Exception {
        String txId = "it-tx-" + (++transactions);
        ChaincodeInput.Builder input = ChaincodeInput.newBuilder();
        for (String arg : args) {
            input.addArgs(ByteString.copyFrom(arg, StandardCharsets.UTF_8));
        }
        byte[] creator = SerializedIdentity.newBuilder()
                .setMspid(mspId)
                .setIdBytes(ByteString.copyFromUtf8(Pem.certificate(caller.certificate())))
                .build()
                .toByteArray();
        Instant now = Instant.parse("2026-03-01T08:00:00Z").plusSeconds(transactions);
        Header header = Header.newBuilder()
                .setChannelHeader(ChannelHeader.newBuilder()
                        .setType(HeaderType.ENDORSER_TRANSACTION_VALUE)
                        .setTxId(txId)
                        .setChannelId(CHANNEL)
                        .setTimestamp(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
                        .build()
                        .toByteString())
                .setSignatureHeader(SignatureHeader.newBuilder()
                        .setCreator(ByteString.copyFrom(creator))
                        .setNonce(ByteString.copyFromUtf8(txId))
                        .build()
                        .toByteString())
                .build();
        Proposal proposal = Proposal.newBuilder()
                .setHeader(header.toByteString())
                .setPayload(ChaincodeProposalPayload.newBuilder()
                        .setInput(input.build().toByteString())
                        .build()
                        .toByteString())
                .build();
        toChaincode.onNext(ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.TRANSACTION)
                .setTxid(txId)
                .setChannelId(CHANNEL)
                .setPayload(input.build().toByteString())
                .setProposal(SignedProposal.newBuilder().setProposalBytes(proposal.toByteString()))
                .build());
        Map<String, ByteString> writes = new HashMap<>();
        while (true) {
            ChaincodeMessage message = next();
            assertThat(message.getTxid()).isEqualTo(txId);
            switch (message.getType()) {
                case GET_STATE -> {
                    String key = GetState.parseFrom(message.getPayload()).getKey();
                    respond(message, worldState.getOrDefault(key, ByteString.EMPTY));
                }
                case PUT_STATE -> {
                    PutState put = PutState.parseFrom(message.getPayload());
                    writes.put(put.getKey(), put.getValue());
                    respond(message, ByteString.EMPTY);
                }
                case COMPLETED -> {
                    if (Response.parseFrom(message.getPayload()).getStatus() == 200) {
                        worldState.putAll(writes);
                    }
                    return message;
                }
                default ->
                    throw new AssertionError("unexpected " + message.getType() + ": "
                            + message.getPayload().toStringUtf8());
            }
        }
    }

    private static void respond(ChaincodeMessage request, ByteString payload) {
        toChaincode.onNext(ChaincodeMessage.newBuilder()
                .setType(ChaincodeMessage.Type.RESPONSE)
                .setTxid(request.getTxid())
                .setChannelId(request.getChannelId())
                .setPayload(payload)
                .build());
    }

    private static ChaincodeMessage next() throws InterruptedException, IOException {
        ChaincodeMessage message = fromChaincode.poll(60, TimeUnit.SECONDS);
        if (message == null) {
            throw new AssertionError(
                    "the chaincode said nothing for 60 s; see target/chaincode-service-it.log:\n" + tail());
        }
        return message;
    }

    private static void awaitListening(int port, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new AssertionError("the chaincode service exited with " + service.exitValue() + ":\n" + tail());
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the chaincode service did not listen within " + limit + ":\n" + tail());
    }

    private static String tail() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("target", "chaincode-service-it.log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
