package io.fapiao.ledger.client.fapiao;

import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.HOSPITAL_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_HOSPITAL;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.RetryPolicy;
import io.fapiao.ledger.client.fabric.FabricNetwork;
import io.fapiao.ledger.client.fabric.FabricNetwork.Node;
import io.fapiao.proof.fabric.FabricBlock;
import io.fapiao.proof.fabric.FabricTransaction;
import io.fapiao.proof.fabric.MalformedLedgerData;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.seal.SealedBill;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crashes in a real Fabric network (network/fabric.sh: four SmartBFT orderers, a peer per
 * organisation, endorsement by a MAJORITY of organisations) while a stream of SubmitBill
 * transactions runs: {@value #CLIENTS} threads, each sealing fresh sample bills as {@code hospital1}
 * and submitting them through HospitalOrg's peer gateway, which never fails, each waiting for the
 * commit. One {@code kill -9} at a time — an orderer that does not lead, the BFT leader, a peer —
 * and after each the same checks: transactions kept committing, the node came back and caught up,
 * every orderer and peer holds the same blocks (header hash by header hash, and on the peers the same
 * validation codes), and every transaction a client was told is VALID is VALID, in the block it was
 * told, on every peer.
 *
 * <p>Two things this network does that the test works with, and says so when it does. A node is
 * killed only once the four orderers are within a block of each other: killing the leader while
 * another orderer was still syncing left the three survivors without a new leader for minutes (two
 * of four out of the consensus is more than SmartBFT tolerates). And an orderer that fell behind in
 * the last blocks before the stream stopped can stay behind while the channel idles; if the nodes
 * do not reach one height, one more transaction is sent (at most {@value #NUDGES}) and logged.
 *
 * <p>Every wait is bounded in time and every loop in count; no duration is asserted. What happened
 * (transactions before, during and after each fault, the time from the kill to the first commit of a
 * transaction submitted after it, the failed submissions) is printed, a line per phase starting with
 * {@code FabricFaultIT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FabricFaultIT {
    private static final int PORT_BASE = 19000;
    private static final int CLIENTS = 4;
    /** Commits awaited in each phase (warm-up, during the fault, after the restart). */
    private static final int COMMITS_PER_PHASE = 12;
    /** The most any phase may wait for its commits, a leader or a catch-up. */
    private static final Duration PHASE_TIMEOUT = Duration.ofMinutes(3);
    /** Bills a client thread seals at most in one stream, so that no stream runs on without bound. */
    private static final int MAX_BILLS_PER_CLIENT = 2_000;

    private static final int GATEWAY = FabricNetwork.organisation(HOSPITAL_MSP);
    /** How long the nodes may take to reach one height once the stream stopped, before a nudge. */
    private static final Duration IDLE_CATCH_UP = Duration.ofSeconds(45);
    /** How long stopping the clients may take: a submission's retries and commit wait are bounded. */
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);
    /** Transactions sent at most to wake an orderer that idles behind. */
    private static final int NUDGES = 2;

    private static FabricNetwork fabric;
    private static FapiaoNetwork network;
    private static Identity hospital;
    /** Bill seeds, unique across the streams of the whole class (the network keeps its bills). */
    private static final AtomicLong SEEDS = new AtomicLong(10_000);

    @BeforeAll
    static void startNetwork() throws Exception {
        fabric = FabricNetwork.up(Path.of("target/fabric-faults"), PORT_BASE);
        network = FapiaoNetwork.onFabric(fabric, HOSPITAL_MSP);
        network.bootstrap();
        hospital = network.identity(HOSPITAL_MSP, "hospital1");
        log("network up; leader " + fabric.leader().map(Node::name).orElse("(none agreed)") + ", heights " + heights());
    }

    @AfterAll
    static void stopNetwork() throws Exception {
        if (network != null) {
            network.close();
        }
    }

    @Test
    @Order(1)
    void anOrdererThatDoesNotLeadIsKilledAndCatchesUpAfterItsRestart() throws Exception {
        // the highest consenter that does not lead
        crashAndRestart(
                "follower orderer",
                () -> {
                    Node leader = awaitLeader();
                    return fabric.orderers().reversed().stream()
                            .filter(o -> !o.equals(leader))
                            .findFirst()
                            .orElseThrow();
                },
                (stream, victim) -> {});
    }

    @Test
    @Order(2)
    void theBftLeaderIsKilledAndAnotherIsElected() throws Exception {
        crashAndRestart("leader orderer", FabricFaultIT::awaitLeader, (stream, victim) -> {
            Node elected = await(
                    "a new leader agreed by the three orderers left",
                    () -> fabric.leader().filter(l -> !l.equals(victim)));
            stream.mark(
                    "leader " + elected + " elected (consensus_BFT_leader_id on the three orderers left)",
                    Instant.now());
            assertThat(elected).isNotEqualTo(victim);
        });
    }

    @Test
    @Order(3)
    void aPeerIsKilledAndMajorityEndorsementStillCommitsThenItCatchesUp() throws Exception {
        // not HospitalOrg's, whose gateway the clients use
        crashAndRestart(
                "peer",
                () -> fabric.peer(FabricNetwork.organisation(FapiaoNetwork.AUDITOR_MSP)),
                (stream, victim) -> {});
    }

    /** Which node to kill, chosen at the moment of the kill. */
    @FunctionalInterface
    private interface VictimChoice {
        Node choose() throws Exception;
    }

    /** What must happen while the node is down, before the commits during the fault are counted. */
    @FunctionalInterface
    private interface DuringFault {
        void check(SubmissionStream stream, Node victim) throws Exception;
    }

    /**
     * One fault under a stream of submissions: commits before it; the four orderers level (within a
     * block of each other); {@code kill -9} of the chosen node; what {@code during} checks; commits
     * while it is down; its restart and catch-up to the height the network had at the restart;
     * commits after; then, the stream stopped, {@link #checkEveryNodeHoldsTheSameBlocks}. Whatever
     * happens, the node runs again afterwards so the next fault starts from a whole network.
     */
    private static void crashAndRestart(String name, VictimChoice choice, DuringFault during) throws Exception {
        Node victim = null;
        try {
            try (SubmissionStream stream = new SubmissionStream(name)) {
                stream.awaitCommits(stream.started, COMMITS_PER_PHASE);
                awaitOrderersLevel(stream);
                victim = choice.choose();
                Instant killed = Instant.now();
                fabric.kill(victim);
                stream.mark("killed " + victim + " (leader " + leaders() + ")", killed);
                during.check(stream, victim);
                stream.awaitCommits(killed, COMMITS_PER_PHASE);
                assertThat(fabric.height(victim))
                        .as("a killed node's metrics do not answer")
                        .isEmpty();

                Instant restarted = Instant.now();
                long heightAtRestart = peerHeight(GATEWAY);
                fabric.start(victim);
                stream.mark("restarted " + victim + " at height " + heightAtRestart, restarted);
                awaitHeight(victim, heightAtRestart);
                stream.mark(
                        victim + " reached height " + heightAtRestart + " (leaders seen " + leaders() + ")",
                        Instant.now());
                stream.awaitCommits(restarted, COMMITS_PER_PHASE);
                stream.stopAndReport(killed, restarted);
                checkEveryNodeHoldsTheSameBlocks(stream);
            }
        } finally {
            if (victim != null && fabric.height(victim).isEmpty()) {
                log(name + ": starting " + victim + " again after the failure (heights " + heights() + ", leaders "
                        + leaders() + ")");
                fabric.start(victim);
                Optional<Long> height = awaitOneHeight(allNodes(), IDLE_CATCH_UP);
                log(name + ": " + IDLE_CATCH_UP + " after " + victim + " started again: heights " + heights()
                        + ", leaders " + leaders() + (height.isPresent() ? "" : " (not one height)"));
            }
        }
    }

    private static Node awaitLeader() throws InterruptedException {
        return await("an agreed BFT leader", () -> fabric.leader());
    }

    /**
     * Waits, the stream running, until the four orderers are within one block of each other. An
     * orderer that is still syncing when another is killed is a second node out of the consensus:
     * with it, killing the leader has left the three orderers without a new leader for minutes
     * (the report of this branch has the logs).
     */
    private static void awaitOrderersLevel(SubmissionStream stream) throws InterruptedException {
        Instant from = Instant.now();
        await("the four orderers within one block of each other", () -> {
            List<OptionalLong> heights =
                    fabric.orderers().stream().map(fabric::height).toList();
            if (heights.stream().anyMatch(OptionalLong::isEmpty)) {
                return Optional.empty();
            }
            LongSummaryStatistics spread =
                    heights.stream().mapToLong(OptionalLong::getAsLong).summaryStatistics();
            return spread.getMax() - spread.getMin() <= 1 ? Optional.of(true) : Optional.empty();
        });
        if (Duration.between(from, Instant.now()).toMillis() > 1000) {
            stream.mark(
                    "the orderers levelled after "
                            + Duration.between(from, Instant.now()).toMillis() + " ms",
                    Instant.now());
        }
    }

    private static List<Node> allNodes() {
        List<Node> nodes = new ArrayList<>(fabric.orderers());
        nodes.addAll(fabric.peers());
        return nodes;
    }

    // ---- the checks after each fault ----

    /**
     * With the stream stopped: every node reaches the same height; the orderers' and peers' blocks
     * have the same header hashes; the peers agree on every validation code; each transaction reported
     * VALID is VALID on every peer in the block its client was told.
     */
    private static void checkEveryNodeHoldsTheSameBlocks(SubmissionStream stream) throws Exception {
        List<Node> nodes = allNodes();
        Optional<Long> settled = awaitOneHeight(nodes, IDLE_CATCH_UP);
        for (int nudge = 1; settled.isEmpty() && nudge <= NUDGES; nudge++) {
            // Seen here: a SmartBFT follower that fell behind in the last blocks before the stream
            // stopped stays behind while the channel is idle (its heartbeats from the leader do not
            // make it sync), and syncs at the next block it sees. Said aloud, and the next block sent.
            log(stream.name + ": not every node reached one height within " + IDLE_CATCH_UP + " of idling (" + heights()
                    + "); one more transaction (" + nudge + " of " + NUDGES + ")");
            Recorded<BillRecord> nudged = network.client(HOSPITAL_MSP, "hospital1")
                    .submitBill(network.seal(hospital, USCC_HOSPITAL, SEEDS.getAndIncrement()));
            stream.committed.add(
                    new Committed(nudged.transactionId(), nudged.blockNumber(), Instant.now(), Instant.now()));
            settled = awaitOneHeight(nodes, IDLE_CATCH_UP);
        }
        if (settled.isEmpty()) {
            // Seen in CI (Fabric 3.1.5): a follower that synced during the fault stays behind even through the
            // nudges, its header receiver refusing the attestation of the blocks it lacks. An operator restarts
            // such an orderer; so does this check, once, saying so, and then every node must agree. The
            // network kept committing throughout (three orderers are a quorum); docs/network.md lists it.
            long highest = fabric.orderers().stream()
                    .map(fabric::height)
                    .filter(OptionalLong::isPresent)
                    .mapToLong(OptionalLong::getAsLong)
                    .max()
                    .orElse(0);
            for (Node orderer : fabric.orderers()) {
                if (fabric.height(orderer).orElse(0) < highest) {
                    log(stream.name + ": orderer " + orderer + " still behind (" + heights() + "); restarting it");
                    fabric.kill(orderer);
                    fabric.start(orderer);
                }
            }
            settled = awaitOneHeight(nodes, IDLE_CATCH_UP);
        }
        assertThat(settled)
                .as("every orderer and peer at one height; heights " + heights())
                .isPresent();
        long height = settled.get();
        Map<Node, List<String>> hashes = new LinkedHashMap<>();
        Map<Node, Map<String, Placed>> placed = new LinkedHashMap<>();
        for (Node node : nodes) {
            List<FabricBlock> blocks = new ArrayList<>();
            for (Block block : fabric.blocks(node, 0, height - 1)) {
                blocks.add(FabricBlock.parse(block.toByteArray()));
            }
            assertThat(blocks)
                    .extracting(FabricBlock::number)
                    .as(node + "'s block numbers")
                    .containsExactlyElementsOf(
                            LongStream.range(0, height).boxed().toList());
            hashes.put(
                    node,
                    blocks.stream()
                            .map(b -> HexFormat.of().formatHex(b.headerHash()))
                            .toList());
            if (node.kind() == Node.Kind.PEER) {
                placed.put(node, transactions(blocks));
            }
        }
        List<String> reference = hashes.get(fabric.peer(GATEWAY));
        hashes.forEach((node, hashList) -> assertThat(hashList)
                .as(node + "'s block header hashes against " + fabric.peer(GATEWAY) + "'s")
                .isEqualTo(reference));
        Map<String, Placed> gatewayView = placed.get(fabric.peer(GATEWAY));
        placed.forEach((node, transactions) -> assertThat(transactions)
                .as(node + "'s transactions and validation codes")
                .isEqualTo(gatewayView));
        for (Committed committed : stream.committed) {
            for (Map.Entry<Node, Map<String, Placed>> peer : placed.entrySet()) {
                assertThat(peer.getValue().get(committed.transactionId()))
                        .as(committed.transactionId() + " (reported VALID in block " + committed.block() + ") on "
                                + peer.getKey())
                        .isEqualTo(new Placed(committed.block(), TxValidationCode.VALID_VALUE));
            }
        }
        log(stream.name + ": " + nodes.size() + " nodes at height " + height + ", the same " + height
                + " block header hashes (last "
                + reference.get(reference.size() - 1).substring(0, 16)
                + "...); the " + stream.committed.size() + " transactions reported VALID are VALID on all "
                + placed.size() + " peers; the peers agree on all " + gatewayView.size() + " validation codes");
    }

    /** Where a transaction is and the validation code the peer gave it. */
    private record Placed(long block, int validationCode) {}

    private static Map<String, Placed> transactions(List<FabricBlock> blocks) throws MalformedLedgerData {
        Map<String, Placed> found = new TreeMap<>();
        for (FabricBlock block : blocks) {
            byte[] codes = block.validationCodes();
            List<ByteString> envelopes = block.envelopes();
            assertThat(codes)
                    .as("block " + block.number() + "'s TRANSACTIONS_FILTER")
                    .hasSize(envelopes.size());
            for (int i = 0; i < envelopes.size(); i++) {
                String id = FabricTransaction.txIdOf(envelopes.get(i));
                // the first occurrence is the one Fabric indexes; a later duplicate is marked invalid
                found.putIfAbsent(
                        id.isEmpty() ? "block " + block.number() + " #" + i : id, new Placed(block.number(), codes[i]));
            }
        }
        return found;
    }

    // ---- waiting, bounded ----

    /** The one height every node reports, once they all do within {@code timeout}; empty if they do not. */
    private static Optional<Long> awaitOneHeight(List<Node> nodes, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            List<Long> distinct = nodes.stream()
                    .map(n -> fabric.height(n).orElse(-1))
                    .distinct()
                    .toList();
            if (distinct.size() == 1 && distinct.get(0) > 0) {
                return Optional.of(distinct.get(0));
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static long peerHeight(int organisation) {
        return fabric.height(fabric.peer(organisation))
                .orElseThrow(() -> new AssertionError(fabric.peer(organisation) + "'s metrics do not answer"));
    }

    private static void awaitHeight(Node node, long height) throws InterruptedException {
        await(node + " at height " + height + " or more", () -> {
            OptionalLong now = fabric.height(node);
            return now.isPresent() && now.getAsLong() >= height ? Optional.of(true) : Optional.empty();
        });
    }

    /** Polls {@code probe} every 250 ms until it answers, at most {@link #PHASE_TIMEOUT}. */
    private static <T> T await(String what, ProbeCall<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Optional<T> answer = probe.get();
                if (answer.isPresent()) {
                    return answer.get();
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "no " + what + " within " + PHASE_TIMEOUT + "; heights " + heights() + ", leaders " + leaders(), last);
    }

    @FunctionalInterface
    private interface ProbeCall<T> {
        Optional<T> get() throws Exception;
    }

    private static String heights() {
        return allNodes().stream()
                .map(n -> n.name().substring(0, n.name().indexOf('.', 9)) + "="
                        + (fabric.height(n).isPresent()
                                ? Long.toString(fabric.height(n).getAsLong())
                                : "down"))
                .collect(Collectors.joining(" "));
    }

    private static String leaders() {
        return fabric.orderers().stream()
                .map(o -> o.consenterId() + "->"
                        + (fabric.leaderSeenBy(o).isPresent()
                                ? Integer.toString(fabric.leaderSeenBy(o).getAsInt())
                                : "?"))
                .collect(Collectors.joining(" "));
    }

    private static void log(String line) {
        System.out.println("FabricFaultIT " + line);
    }

    // ---- the stream of submissions ----

    /** A submission a client was told is VALID: its transaction id and block, and when it was sent and answered. */
    private record Committed(String transactionId, long block, Instant submitted, Instant committed) {}

    /** A submission that did not come back VALID, and what the client was told. */
    private record Failed(Instant submitted, Instant failed, String what) {}

    /**
     * {@value #CLIENTS} threads submitting freshly sealed bills through HospitalOrg's peer gateway, one
     * at a time each, until stopped or {@value #MAX_BILLS_PER_CLIENT} bills each.
     */
    private static final class SubmissionStream implements AutoCloseable {
        final String name;
        final Instant started = Instant.now();
        final List<Committed> committed = new CopyOnWriteArrayList<>();
        final List<Failed> failed = new CopyOnWriteArrayList<>();
        private final List<String> marks = new CopyOnWriteArrayList<>();
        private final List<Thread> threads = new ArrayList<>();
        private final List<Ledger> connections = new ArrayList<>();
        private volatile boolean running = true;

        SubmissionStream(String name) throws Exception {
            this.name = name;
            for (int i = 0; i < CLIENTS; i++) {
                // patient: a client rides out a node's crash on its retries, as a service would
                Ledger ledger = Ledger.connect(fabric.gateway(HOSPITAL_MSP, HOSPITAL_MSP)
                        .certificate(fabric.certificate(HOSPITAL_MSP, "hospital1"))
                        .privateKey(fabric.privateKey(HOSPITAL_MSP, "hospital1"))
                        .retry(new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(3)))
                        .commitTimeout(Duration.ofSeconds(20))
                        .build());
                connections.add(ledger);
                FapiaoLedger client = new FapiaoLedger(ledger);
                Thread thread = Thread.ofPlatform().name("submitter-" + i).start(() -> submitUntilStopped(client));
                threads.add(thread);
            }
        }

        private void submitUntilStopped(FapiaoLedger client) {
            for (int i = 0; i < MAX_BILLS_PER_CLIENT && running; i++) {
                Instant submitted = Instant.now();
                try {
                    SealedBill sealed = network.seal(hospital, USCC_HOSPITAL, SEEDS.getAndIncrement());
                    Recorded<BillRecord> recorded = client.submitBill(sealed);
                    committed.add(
                            new Committed(recorded.transactionId(), recorded.blockNumber(), submitted, Instant.now()));
                } catch (LedgerException e) {
                    failed.add(new Failed(
                            submitted,
                            Instant.now(),
                            e.getClass().getSimpleName() + " at " + e.step() + ": " + e.getMessage()));
                } catch (Exception e) {
                    failed.add(new Failed(submitted, Instant.now(), e.toString()));
                }
            }
        }

        void mark(String what, Instant when) {
            marks.add(String.format("+%.1fs %s", seconds(started, when), what));
            log(name + ": " + what + " at +" + String.format("%.1f", seconds(started, when)) + "s (heights " + heights()
                    + ")");
        }

        /** Waits until {@code count} transactions submitted at or after {@code since} are VALID. */
        void awaitCommits(Instant since, int count) throws InterruptedException {
            long deadline = System.nanoTime() + PHASE_TIMEOUT.toNanos();
            while (committedSince(since) < count
                    && System.nanoTime() < deadline
                    && threads.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(100);
            }
            assertThat(committedSince(since))
                    .as(name + ": transactions submitted after +"
                            + String.format("%.1f", seconds(started, since)) + "s and committed VALID within "
                            + PHASE_TIMEOUT
                            + "; failures: "
                            + failed.stream()
                                    .filter(f -> !f.submitted().isBefore(since))
                                    .limit(5)
                                    .toList())
                    .isGreaterThanOrEqualTo(count);
        }

        private long committedSince(Instant since) {
            return committed.stream()
                    .filter(c -> !c.submitted().isBefore(since))
                    .count();
        }

        /** Stops the clients (bounded) and prints the phase's figures. */
        void stopAndReport(Instant killed, Instant restarted) throws InterruptedException {
            stop();
            Instant stopped = Instant.now();
            long before = committed.stream()
                    .filter(c -> c.committed().isBefore(killed))
                    .count();
            long during = committed.stream()
                    .filter(c ->
                            !c.committed().isBefore(killed) && c.committed().isBefore(restarted))
                    .count();
            long after = committed.stream()
                    .filter(c -> !c.committed().isBefore(restarted))
                    .count();
            Optional<Instant> firstAfterKill = committed.stream()
                    .filter(c -> !c.submitted().isBefore(killed))
                    .map(Committed::committed)
                    .min(Instant::compareTo);
            Optional<Instant> firstCommitAfterKill = committed.stream()
                    .map(Committed::committed)
                    .filter(c -> !c.isBefore(killed))
                    .min(Instant::compareTo);
            long inFlightAtKill = committed.stream()
                    .filter(c ->
                            c.submitted().isBefore(killed) && !c.committed().isBefore(killed))
                    .count();
            log(String.format(
                    "%s: %d VALID in %.1fs: %d before the kill, %d between kill and restart (%.1fs), "
                            + "%d after the restart; %d in flight at the kill committed; first commit after the kill "
                            + "%s later, first commit of a transaction submitted after the kill %s later; "
                            + "%d failed submissions%s",
                    name,
                    committed.size(),
                    seconds(started, stopped),
                    before,
                    during,
                    seconds(killed, restarted),
                    after,
                    inFlightAtKill,
                    firstCommitAfterKill
                            .map(t -> String.format("%.2fs", seconds(killed, t)))
                            .orElse("never"),
                    firstAfterKill
                            .map(t -> String.format("%.2fs", seconds(killed, t)))
                            .orElse("never"),
                    failed.size(),
                    failed.isEmpty()
                            ? ""
                            : ": "
                                    + failed.stream()
                                            .map(f -> String.format(
                                                    "+%.1fs %s", seconds(started, f.submitted()), f.what()))
                                            .limit(10)
                                            .toList()));
            log(name + ": commit latency (submit to VALID) before the kill "
                    + latency(c -> c.committed().isBefore(killed))
                    + ", kill to restart "
                    + latency(c ->
                            !c.committed().isBefore(killed) && c.committed().isBefore(restarted))
                    + ", after the restart " + latency(c -> !c.committed().isBefore(restarted)));
            log(name + " timeline: " + marks);
        }

        /** Median and longest submit-to-VALID time of the commits {@code which} picks. */
        private String latency(java.util.function.Predicate<Committed> which) {
            List<Long> millis = committed.stream()
                    .filter(which)
                    .map(c -> Duration.between(c.submitted(), c.committed()).toMillis())
                    .sorted()
                    .toList();
            if (millis.isEmpty()) {
                return "(none)";
            }
            return String.format(
                    "median %.2fs max %.2fs",
                    millis.get(millis.size() / 2) / 1000.0, millis.get(millis.size() - 1) / 1000.0);
        }

        /** Stops the clients: each finishes its submission, at most {@link #STOP_TIMEOUT} for all. */
        private void stop() throws InterruptedException {
            running = false;
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            for (Thread thread : threads) {
                assertThat(thread.isAlive())
                        .as(thread.getName() + " stopped within " + STOP_TIMEOUT)
                        .isFalse();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            for (Thread thread : threads) {
                thread.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            threads.stream().filter(Thread::isAlive).forEach(Thread::interrupt);
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(10));
            }
            connections.forEach(Ledger::close);
        }

        private static double seconds(Instant from, Instant to) {
            return Duration.between(from, to).toMillis() / 1000.0;
        }
    }
}
