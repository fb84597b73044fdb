package io.fapiao.bench.lifecycle;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.ChaincodeEventStream;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.client.events.EventCheckpoint;
import io.fapiao.ledger.client.events.EventHandlingFailed;
import io.fapiao.ledger.client.events.EventPosition;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumUnavailable;
import io.fapiao.protocol.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.protos.common.Block;
import tools.jackson.databind.JsonNode;

/**
 * The generator's view of the ledger, as the development consortium's auditor ({@code AuditorOrgMSP
 * auditor1}): a chaincode event stream that timestamps, for the bills of the current run, the commit
 * of SubmitBill ({@code BillSubmitted}), the verdict ({@code BillVerified} / {@code BillRejected}) and
 * the issuance ({@code InvoiceIssued}) the moment each event arrives, and remembers one transaction of
 * each kind so that the crypto ceiling can be timed over messages of the real size.
 *
 * <p>Events rather than polling {@code GET /v1/bills/{key}}: the stream costs one connection however
 * many bills are in flight, it adds no request load to the his-adapter that is being measured (on
 * two shared cores every poll would take CPU from the services), and a stage is stamped when the
 * ledger delivers it rather than at the next poll tick. The ledger's deliver service sends an event
 * after its block is written, so the stamps include the event delivery (a loopback gRPC message).
 *
 * <pre>{@code
 * try (LedgerWatch watch = LedgerWatch.start(home.resolve("ledger/crypto"), "localhost:7051", traces)) {
 *     ...
 * }
 * }</pre>
 */
public final class LedgerWatch implements AutoCloseable {
    static final String AUDITOR = "auditor1";

    /** The first transaction of one function seen in this watch, for {@code TransactionShape}. */
    public record Sample(String event, long blockNumber, String transactionId) {}

    private final Ledger ledger;
    private final ChaincodeEventStream stream;
    private final Thread thread;
    private final Traces traces;
    private final ConcurrentHashMap<String, Sample> samples = new ConcurrentHashMap<>();
    private final LongAdder events = new LongAdder();
    private final LongAdder ourEvents = new LongAdder();
    private final java.util.Set<Long> ourBlocks = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private LedgerWatch(Ledger ledger, Traces traces) {
        this.ledger = ledger;
        this.traces = traces;
        this.stream = new ChaincodeEventStream(ledger, new MemoryCheckpoint());
        this.thread = Thread.ofPlatform().daemon().name("lifecycle-events").start(this::run);
    }

    /**
     * Where the watch connects: a gateway endpoint and the TLS root it is trusted by (empty: the
     * consortium's own, as on the embedded node).
     */
    public record Gateway(String endpoint, Optional<Path> tlsRootCertificate) {}

    /**
     * Connects to {@code endpoint} as the auditor of the consortium in {@code cryptoDir} and starts
     * following the contract's events from the first block (events of other bills are skipped).
     */
    public static LedgerWatch start(Path cryptoDir, String endpoint, Traces traces) throws LifecycleSetupFailed {
        return start(cryptoDir, new Gateway(endpoint, Optional.empty()), traces);
    }

    /** As {@link #start(Path, String, Traces)}, through {@code gateway} (on Fabric, AuditorOrg's peer). */
    public static LedgerWatch start(Path cryptoDir, Gateway gateway, Traces traces) throws LifecycleSetupFailed {
        try {
            Consortium consortium = Consortium.load(cryptoDir);
            Path msp = consortium.userDirectory(DevelopmentConsortiumPlan.AUDITOR_MSP, AUDITOR);
            LedgerSettings settings = LedgerSettings.builder()
                    .endpoint(gateway.endpoint())
                    .tlsRootCertificate(gateway.tlsRootCertificate()
                            .orElseGet(() -> consortium.tls().rootCertificate()))
                    .mspId(DevelopmentConsortiumPlan.AUDITOR_MSP)
                    .certificate(onlyFile(msp.resolve("signcerts")))
                    .privateKey(onlyFile(msp.resolve("keystore")))
                    .build();
            return new LedgerWatch(Ledger.connect(settings), traces);
        } catch (ConsortiumUnavailable | IOException | RuntimeException e) {
            throw new LifecycleSetupFailed(
                    "connecting to the ledger " + gateway.endpoint() + " as the auditor of " + cryptoDir, e);
        }
    }

    private void run() {
        try {
            stream.run(this::onEvent);
        } catch (LedgerException | EventHandlingFailed | RuntimeException e) {
            failure.set(e);
        }
    }

    private void onEvent(LedgerEvent event) throws Exception {
        long now = System.nanoTime();
        events.increment();
        Stage stage = switch (event.name()) {
            case "BillSubmitted" -> Stage.COMMITTED;
            case "BillVerified", "BillRejected" -> Stage.VERIFIED;
            case "InvoiceIssued" -> Stage.ISSUED;
            default -> null;
        };
        if (stage == null) {
            return;
        }
        JsonNode payload = Json.mapper().readTree(event.payload());
        JsonNode key = payload.get("billKey");
        if (key == null || !key.isString()) {
            return;
        }
        Optional<BillTrace> trace = traces.find(key.stringValue());
        if (trace.isEmpty()) {
            return;
        }
        samples.putIfAbsent(event.name(), new Sample(event.name(), event.blockNumber(), event.transactionId()));
        ourEvents.increment();
        ourBlocks.add(event.blockNumber());
        if (event.name().equals("BillRejected")) {
            List<String> codes = new ArrayList<>();
            JsonNode reasons = payload.get("reasonCodes");
            if (reasons != null) {
                reasons.forEach(code -> codes.add(code.stringValue()));
            }
            trace.get().failed("verified", "REJECTED " + String.join(",", codes));
        } else {
            trace.get().reached(stage, now);
        }
    }

    /** A transaction seen for {@code event} (BillSubmitted, BillVerified, InvoiceIssued), if any yet. */
    public Optional<Sample> sample(String event) {
        return Optional.ofNullable(samples.get(event));
    }

    /** Reads block {@code number} through the node's Deliver service, as the auditor. */
    public Block block(long number) throws IOException {
        try (CloseableIterator<Block> blocks = ledger.network()
                .newBlockEventsRequest()
                .startBlock(number)
                .build()
                .getEvents()) {
            if (!blocks.hasNext()) {
                throw new IOException("the node delivered no block " + number);
            }
            return blocks.next();
        } catch (RuntimeException e) {
            throw new IOException("cannot read block " + number + " from the node: " + e.getMessage(), e);
        }
    }

    /**
     * Transactions of this bench's bills per block, over every run so far (each of a bill's three
     * transactions emits one event): how many share a block signature.
     */
    public double transactionsPerBlock() {
        return ourBlocks.isEmpty() ? 1 : ourEvents.sum() / (double) ourBlocks.size();
    }

    /** Every contract event received, ours or not. */
    public long events() {
        return events.sum();
    }

    /** Why the stream stopped, if it did. */
    public Optional<Exception> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        stream.close();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ledger.close();
    }

    private static Path onlyFile(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> all = files.toList();
            if (all.size() != 1) {
                throw new IOException("expected one file in " + folder + ", found " + all.size());
            }
            return all.get(0);
        }
    }

    /** The stream's position, in memory: the generator needs no durability, only no gap while it runs. */
    private static final class MemoryCheckpoint implements EventCheckpoint {
        private volatile EventPosition position;

        @Override
        public Optional<EventPosition> position() {
            return Optional.ofNullable(position);
        }

        @Override
        public void advance(EventPosition next, Handling handling) throws Exception {
            handling.run();
            position = next;
        }
    }
}
