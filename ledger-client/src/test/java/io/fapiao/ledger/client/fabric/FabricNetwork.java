package io.fapiao.ledger.client.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.orderer.AtomicBroadcastGrpc;
import org.hyperledger.fabric.protos.orderer.DeliverResponse;
import org.hyperledger.fabric.protos.orderer.SeekInfo;
import org.hyperledger.fabric.protos.orderer.SeekPosition;
import org.hyperledger.fabric.protos.orderer.SeekSpecified;
import org.junit.jupiter.api.Assumptions;

/**
 * A real Hyperledger Fabric 3 network on loopback for tests, run by {@code network/fabric.sh} exactly
 * as a user runs it: four SmartBFT orderers and a peer per organisation (HospitalOrg, FinanceOrg,
 * IssuerOrg, AuditorOrg, in that order: organisation {@code k} runs consenter {@code k + 1}), the
 * {@code fapiao} contract as a chaincode service. It answers what fault tests ask — kill a node with
 * {@code -9} and start it again, each node's height and the BFT leader from the nodes' own Prometheus
 * metrics, the blocks a node holds — and the {@link LedgerSettings} of any consortium user at any
 * organisation's peer gateway.
 *
 * <p>Where Fabric cannot run (no binaries and nothing to build them from), {@link #up} aborts the
 * calling test; under CI ({@code CI=true}) it fails it instead, so a missing Fabric never passes as a
 * skip.
 *
 * <pre>{@code
 * try (FabricNetwork fabric = FabricNetwork.up(Path.of("target/fabric"), 19000)) {
 *     try (Ledger ledger = Ledger.connect(fabric.settings("HospitalOrgMSP", "hospital1"))) { ... }
 *     FabricNetwork.Node leader = fabric.leader();
 *     fabric.kill(leader);
 *     long height = fabric.height(fabric.peer(0)).orElseThrow();
 *     List<Block> blocks = fabric.blocks(fabric.orderer(1), 0, height - 1);
 *     fabric.start(leader);
 * }
 * }</pre>
 */
public final class FabricNetwork implements AutoCloseable {
    /** The channel {@code network/fabric.sh} creates. */
    public static final String CHANNEL = "fapiao";
    /** The organisations in the order the script numbers them. */
    public static final List<String> MSP_IDS =
            List.of("HospitalOrgMSP", "FinanceOrgMSP", "IssuerOrgMSP", "AuditorOrgMSP");

    private static final List<String> DOMAINS =
            List.of("hospital.fapiao.local", "finance.fapiao.local", "issuer.fapiao.local", "auditor.fapiao.local");

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(20);
    private static final Duration NODE_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ENDORSEMENT_READY_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern METRIC_LINE = Pattern.compile("^(\\w+)(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    /** One node of the network. */
    public record Node(String name, Kind kind, int organisation) {
        /** What a node does. */
        public enum Kind {
            ORDERER,
            PEER
        }

        /** The organisation's MSP ID. */
        public String mspId() {
            return MSP_IDS.get(organisation);
        }

        /** An orderer's SmartBFT consenter id (1 to 4), as {@code consensus_BFT_leader_id} names it. */
        public int consenterId() {
            if (kind != Kind.ORDERER) {
                throw new IllegalStateException(name + " is a peer; only orderers have a consenter id");
            }
            return organisation + 1;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private final Path root;
    private final Path home;
    private final int portBase;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread downOnExit;

    private FabricNetwork(Path root, Path home, int portBase) {
        this.root = root;
        this.home = home;
        this.portBase = portBase;
        // The nodes run in sessions of their own; a test JVM that dies must not leave them running.
        this.downOnExit = new Thread(
                () -> {
                    try {
                        script(Duration.ofMinutes(1), "down");
                    } catch (Exception ignored) {
                        // nothing more can be done while the JVM exits
                    }
                },
                "fabric-down");
        Runtime.getRuntime().addShutdownHook(downOnExit);
    }

    /**
     * Starts a fresh network in {@code home} (stopped and emptied first if a previous run left one
     * there), its ports from {@code portBase} on (network/fabric.sh lists them), and waits until the
     * contract answers on every peer.
     */
    public static FabricNetwork up(Path home, int portBase) throws IOException, InterruptedException {
        Path root = checkoutRoot();
        Path absolute = home.toAbsolutePath().normalize();
        requireFabric(root, absolute.getParent());
        if (Files.exists(absolute)) {
            new FabricNetwork(root, absolute, portBase).close();
            deleteRecursively(absolute);
        }
        FabricNetwork network = new FabricNetwork(root, absolute, portBase);
        try {
            network.script(UP_TIMEOUT, "up", "--port-base", Integer.toString(portBase));
        } catch (IOException first) {
            // On a loaded machine the orderers join the channel seconds apart, and one of them can
            // stay alone in a view change that the lifecycle CLI's transactions, sent to it only,
            // never leave: a second start from scratch is a fresh network. Said aloud, not hidden.
            System.out.println("FabricNetwork: the first network/fabric.sh up failed, starting afresh once more: "
                    + first.getMessage());
            network.close();
            Files.move(
                    absolute,
                    absolute.resolveSibling(absolute.getFileName() + "-failed-" + System.currentTimeMillis()));
            network = new FabricNetwork(root, absolute, portBase);
            try {
                network.script(UP_TIMEOUT, "up", "--port-base", Integer.toString(portBase));
            } catch (IOException | RuntimeException e) {
                e.addSuppressed(first);
                network.close();
                throw e;
            }
        }
        try {
            network.awaitEndorsementAtEveryGateway();
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        return network;
    }

    /**
     * Waits until each organisation's gateway can gather the policy's endorsements
     * ({@link Ledger#awaitEndorsers}): network/fabric.sh returns once the contract answers on every
     * peer, but a gateway learns the other peers through gossip some seconds later.
     */
    private void awaitEndorsementAtEveryGateway() throws IOException, InterruptedException {
        for (String mspId : MSP_IDS) {
            try (Ledger ledger = Ledger.connect(settings(mspId, "Admin"))) {
                ledger.awaitEndorsers(ENDORSEMENT_READY_TIMEOUT);
            } catch (LedgerException e) {
                throw new IOException(
                        "the gateway of " + mspId + "'s peer could not gather an endorsement within "
                                + ENDORSEMENT_READY_TIMEOUT + " of network/fabric.sh up: " + e.getMessage(),
                        e);
            }
        }
    }

    /**
     * Fabric's binaries, built from the shared source if they are not yet (network/fabric-install.sh):
     * when that cannot be done the calling test is aborted, or failed under {@code CI=true}.
     */
    private static void requireFabric(Path root, Path logs) throws IOException, InterruptedException {
        Files.createDirectories(logs);
        Path log = logs.resolve("fabric-install.log");
        Process process = new ProcessBuilder(root.resolve("network/fabric.sh").toString(), "install")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = process.waitFor(INSTALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (done && process.exitValue() == 0) {
            return;
        }
        process.destroyForcibly();
        String why = "Hyperledger Fabric is not available (network/fabric.sh install " + (done ? "failed" : "timed out")
                + "):\n" + Files.readString(log).strip();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true: " + why);
        }
        Assumptions.abort(why);
    }

    private static Path checkoutRoot() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isExecutable(dir.resolve("network/fabric.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no network/fabric.sh above " + System.getProperty("user.dir"));
    }

    /** The network's folder: {@code crypto/}, {@code organisations/}, {@code logs/}, {@code data/}. */
    public Path home() {
        return home;
    }

    /** The consortium's MSP folders (docs/consortium.md layout): {@code Consortium.load(fabric.crypto())}. */
    public Path crypto() {
        return home.resolve("crypto");
    }

    /** The orderer of organisation {@code k} (0 HospitalOrg ... 3 AuditorOrg), consenter {@code k + 1}. */
    public Node orderer(int organisation) {
        return new Node("orderer0." + DOMAINS.get(organisation), Node.Kind.ORDERER, organisation);
    }

    /** The peer of organisation {@code k}. */
    public Node peer(int organisation) {
        return new Node("peer0." + DOMAINS.get(organisation), Node.Kind.PEER, organisation);
    }

    /** The four orderers, consenter 1 first. */
    public List<Node> orderers() {
        return Stream.of(0, 1, 2, 3).map(this::orderer).toList();
    }

    /** The four peers. */
    public List<Node> peers() {
        return Stream.of(0, 1, 2, 3).map(this::peer).toList();
    }

    /** The organisation number of an MSP ID. */
    public static int organisation(String mspId) {
        int k = MSP_IDS.indexOf(mspId);
        if (k < 0) {
            throw new IllegalArgumentException("no organisation " + mspId + " in the network; one of " + MSP_IDS);
        }
        return k;
    }

    // ---- growing ----

    /**
     * A hospital organisation joins the running channel (network/fabric.sh add-org NAME:DOMAIN): its
     * MSP ID is {@code NAME + "MSP"}, its users Admin and hospital1, its peer endorses afterwards.
     */
    public void join(String name, String domain) throws IOException, InterruptedException {
        script(UP_TIMEOUT, "add-org", name + ":" + domain);
    }

    // ---- faults ----

    /** {@code kill -9} of one node (network/fabric.sh kill). */
    public void kill(Node node) throws IOException, InterruptedException {
        script(NODE_TIMEOUT, "kill", node.name());
    }

    /** Starts a node again with its data; returns once its gRPC port accepts connections. */
    public void start(Node node) throws IOException, InterruptedException {
        script(NODE_TIMEOUT, "start", node.name());
    }

    // ---- what the nodes say about themselves ----

    /** The node's ledger height ({@code ledger_blockchain_height}); empty when its metrics do not answer. */
    public OptionalLong height(Node node) {
        return metric(node, "ledger_blockchain_height")
                .map(v -> OptionalLong.of(v.longValue()))
                .orElse(OptionalLong.empty());
    }

    /** The consenter id an orderer takes for the leader ({@code consensus_BFT_leader_id}); empty if it does not answer. */
    public OptionalInt leaderSeenBy(Node orderer) {
        return metric(orderer, "consensus_BFT_leader_id")
                .map(v -> OptionalInt.of((int) v.doubleValue()))
                .orElse(OptionalInt.empty());
    }

    /**
     * The orderer that at least three orderers (a BFT quorum of four) name as leader, or empty when
     * no quorum agrees (no leader yet, a view change under way).
     */
    public Optional<Node> leader() {
        Map<Integer, Integer> votes = new HashMap<>();
        for (Node orderer : orderers()) {
            leaderSeenBy(orderer).ifPresent(id -> votes.merge(id, 1, Integer::sum));
        }
        return votes.entrySet().stream()
                .filter(e -> e.getValue() >= 3 && e.getKey() >= 1 && e.getKey() <= 4)
                .map(e -> orderer(e.getKey() - 1))
                .findFirst();
    }

    private Optional<Double> metric(Node node, String name) {
        int port = portBase + (node.kind() == Node.Kind.ORDERER ? 120 : 220) + node.organisation();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build();
        String text;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            text = response.body();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        Matcher line = METRIC_LINE.matcher(text);
        while (line.find()) {
            String labels = line.group(2);
            if (line.group(1).equals(name) && (labels == null || labels.contains("channel=\"" + CHANNEL + "\""))) {
                return Optional.of(Double.parseDouble(line.group(3)));
            }
        }
        return Optional.empty();
    }

    // ---- clients ----

    /**
     * Settings for {@code user} of {@code mspId} (its MSP folder under {@link #crypto()}) at the
     * gateway of its own organisation's peer, as network/fabric.sh writes them for the services.
     */
    public LedgerSettings settings(String mspId, String user) throws IOException {
        return gateway(mspId, mspId)
                .certificate(certificate(mspId, user))
                .privateKey(privateKey(mspId, user))
                .build();
    }

    /**
     * Settings at the gateway of organisation {@code gatewayMspId}'s peer, for a caller of
     * {@code callerMspId} whose certificate and key the caller adds.
     */
    public LedgerSettings.Builder gateway(String gatewayMspId, String callerMspId) throws IOException {
        Properties organisation = new Properties();
        try (Reader reader =
                Files.newBufferedReader(home.resolve("organisations").resolve(gatewayMspId + ".properties"))) {
            organisation.load(reader);
        }
        return LedgerSettings.builder()
                .endpoint(organisation.getProperty("fapiao.ledger.endpoint"))
                .tlsRootCertificate(Path.of(organisation.getProperty("fapiao.ledger.tls-root-certificate")))
                .channel(organisation.getProperty("fapiao.ledger.channel"))
                .chaincode(organisation.getProperty("fapiao.ledger.chaincode"))
                .mspId(callerMspId);
    }

    /** The PEM certificate of a consortium user ({@code hospital1}, {@code Admin}, ...). */
    public Path certificate(String mspId, String user) throws IOException {
        return onlyFile(userMsp(mspId, user).resolve("signcerts"));
    }

    /** The PEM private key of a consortium user. */
    public Path privateKey(String mspId, String user) throws IOException {
        return onlyFile(userMsp(mspId, user).resolve("keystore"));
    }

    private Path userMsp(String mspId, String user) throws IOException {
        // Read from the consortium, so that an organisation that joined later (add-org) is found too.
        try {
            return Consortium.load(crypto()).userDirectory(mspId, user);
        } catch (ConsortiumUnavailable e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    // ---- blocks ----

    /**
     * Blocks {@code from} to {@code to} (inclusive) as {@code node} stores them: an orderer's through
     * its Deliver service, a peer's through its own deliver service (the one the Gateway client's
     * block events use), each read as the organisation's Admin. Fails if the node cannot deliver them
     * all within a minute.
     */
    public List<Block> blocks(Node node, long from, long to) throws IOException, InterruptedException {
        if (to < from) {
            return List.of();
        }
        return node.kind() == Node.Kind.ORDERER ? ordererBlocks(node, from, to) : peerBlocks(node, from, to);
    }

    private List<Block> peerBlocks(Node peer, long from, long to) throws IOException {
        String mspId = peer.mspId();
        try (Ledger ledger = Ledger.connect(settings(mspId, "Admin"))) {
            List<Block> blocks = new ArrayList<>();
            CloseableIterator<Block> events = ledger.network()
                    .newBlockEventsRequest()
                    .startBlock(from)
                    .build()
                    .getEvents(options -> options.withDeadlineAfter(60, TimeUnit.SECONDS));
            try (events) {
                while (blocks.size() < to - from + 1 && events.hasNext()) {
                    blocks.add(events.next());
                }
            } catch (RuntimeException e) {
                throw new IOException(
                        peer + " delivered " + blocks.size() + " of blocks " + from + ".." + to + ": " + e.getMessage(),
                        e);
            }
            return blocks;
        }
    }

    private List<Block> ordererBlocks(Node orderer, long from, long to) throws IOException, InterruptedException {
        int k = orderer.organisation();
        String domain = DOMAINS.get(k);
        Path tlsRoot = crypto().resolve("peerOrganizations")
                .resolve(domain)
                .resolve("tlsca")
                .resolve("tlsca." + domain + "-cert.pem");
        ManagedChannel channel = NettyChannelBuilder.forTarget("localhost:" + (portBase + 100 + k))
                .sslContext(GrpcSslContexts.forClient()
                        .trustManager(tlsRoot.toFile())
                        .build())
                .build();
        try {
            List<Block> blocks = new ArrayList<>();
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<Envelope> requests = AtomicBroadcastGrpc.newStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .deliver(new StreamObserver<>() {
                        @Override
                        public void onNext(DeliverResponse response) {
                            if (response.hasBlock()) {
                                blocks.add(response.getBlock());
                            } else if (response.getStatus() != org.hyperledger.fabric.protos.common.Status.SUCCESS) {
                                done.completeExceptionally(new IOException(orderer + " answered " + response.getStatus()
                                        + " to a request for blocks " + from + ".." + to));
                            } else {
                                done.complete(null);
                            }
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            done.complete(null);
                        }
                    });
            requests.onNext(seek(orderer.mspId(), from, to));
            try {
                done.get(70, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException(
                        orderer + " delivered " + blocks.size() + " of blocks " + from + ".." + to + ": "
                                + (e.getCause() != null ? e.getCause() : e),
                        e);
            } finally {
                requests.onCompleted();
            }
            if (blocks.size() != to - from + 1) {
                throw new IOException(orderer + " delivered " + blocks.size() + " of blocks " + from + ".." + to);
            }
            return blocks;
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** A Deliver request for blocks {@code from..to}, signed by the organisation's Admin (a channel reader). */
    private Envelope seek(String mspId, long from, long to) throws IOException {
        Instant now = Instant.now();
        ChannelHeader channelHeader = ChannelHeader.newBuilder()
                .setType(HeaderType.DELIVER_SEEK_INFO_VALUE)
                .setChannelId(CHANNEL)
                .setTimestamp(
                        Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .build();
        byte[] nonce = new byte[24];
        new SecureRandom().nextBytes(nonce);
        SignatureHeader signatureHeader = SignatureHeader.newBuilder()
                .setCreator(SerializedIdentity.newBuilder()
                        .setMspid(mspId)
                        .setIdBytes(ByteString.copyFrom(Files.readAllBytes(certificate(mspId, "Admin"))))
                        .build()
                        .toByteString())
                .setNonce(ByteString.copyFrom(nonce))
                .build();
        SeekInfo seekInfo = SeekInfo.newBuilder()
                .setStart(SeekPosition.newBuilder()
                        .setSpecified(SeekSpecified.newBuilder().setNumber(from)))
                .setStop(SeekPosition.newBuilder()
                        .setSpecified(SeekSpecified.newBuilder().setNumber(to)))
                .setBehavior(SeekInfo.SeekBehavior.FAIL_IF_NOT_READY)
                .build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder()
                        .setChannelHeader(channelHeader.toByteString())
                        .setSignatureHeader(signatureHeader.toByteString()))
                .setData(seekInfo.toByteString())
                .build();
        try (Reader key = Files.newBufferedReader(privateKey(mspId, "Admin"))) {
            Signer signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(key));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(payload.toByteArray());
            return Envelope.newBuilder()
                    .setPayload(payload.toByteString())
                    .setSignature(ByteString.copyFrom(signer.sign(digest)))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign a Deliver request as " + mspId + " Admin: " + e.getMessage(), e);
        }
    }

    // ---- the script ----

    private void script(Duration timeout, String action, String... arguments) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(root.resolve("network/fabric.sh").toString(), action));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--home", home.toString()));
        Files.createDirectories(home.getParent());
        Path log = home.getParent().resolve(home.getFileName() + "-" + action + ".log");
        Process process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeout + ":\n" + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + tail(log));
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            List<Path> all = files.toList();
            if (all.size() != 1) {
                throw new IOException("expected one file in " + folder + ", found " + all);
            }
            return all.get(0);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Stops every node (network/fabric.sh down); the folder stays for its logs until the next {@link #up}. */
    @Override
    public void close() throws IOException {
        try {
            script(Duration.ofMinutes(2), "down");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(downOnExit);
            } catch (IllegalStateException exiting) {
                // already shutting down: the hook runs
            }
        }
    }
}
