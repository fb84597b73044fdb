package io.fapiao.ledger.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fapiao.ledger.client.events.EventHandlingFailed;
import io.fapiao.ledger.client.events.EventPosition;
import io.fapiao.ledger.client.events.FileEventCheckpoint;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.ledger.consortium.ConsortiumGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ChaincodeEventStream} with a {@link FileEventCheckpoint} against a real embedded node: each
 * test has a ledger of its own, so the events on it are exactly the ones the test submitted.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChaincodeEventStreamTest {
    private static final RetryPolicy PATIENT = new RetryPolicy(60, Duration.ofMillis(100), Duration.ofSeconds(1));

    @TempDir
    static Path shared;

    static Consortium consortium;

    @TempDir
    Path dir;

    EmbeddedNode node;
    Ledger ledger;
    FileEventCheckpoint checkpoint;

    @BeforeAll
    static void consortium() throws Exception {
        consortium = ConsortiumGenerator.openOrCreate(shared.resolve("crypto"));
    }

    @BeforeEach
    void start() throws Exception {
        node = EmbeddedNode.start(consortium, dir.resolve("data"));
        ledger = Ledger.connect(
                node.settings("FinanceOrgMSP", "verifier1").retry(PATIENT).build());
        checkpoint = new FileEventCheckpoint(dir.resolve("verifier.checkpoint"));
    }

    @AfterEach
    void stop() throws Exception {
        ledger.close();
        node.close();
    }

    private List<String> emit(int from, int count) throws LedgerException {
        List<String> ids = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            ids.add(ledger.submit("ledgertest:Event", "BillSubmitted", "bill-" + i)
                    .transactionId());
        }
        return ids;
    }

    /** Runs a stream over the checkpoint until it has handled {@code count} events, then closes it. */
    private List<LedgerEvent> consume(int count) throws Exception {
        List<LedgerEvent> handled = new ArrayList<>();
        ChaincodeEventStream stream = new ChaincodeEventStream(ledger, checkpoint);
        try {
            stream.run(event -> {
                handled.add(event);
                if (handled.size() == count) {
                    stream.close();
                }
            });
        } finally {
            stream.close();
        }
        return handled;
    }

    private static List<String> ids(List<LedgerEvent> events) {
        return events.stream().map(LedgerEvent::transactionId).toList();
    }

    @Test
    void aSecondRunHandsOverExactlyTheNewEventsInOrder() throws Exception {
        List<String> first = emit(0, 3);
        List<LedgerEvent> handled = consume(3);
        assertThat(ids(handled)).containsExactlyElementsOf(first);
        assertThat(handled.getFirst().name()).isEqualTo("BillSubmitted");
        assertThat(new String(handled.getFirst().payload(), UTF_8)).isEqualTo("bill-0");
        assertThat(checkpoint.position()).contains(handled.getLast().position());

        List<String> second = emit(3, 4);
        assertThat(ids(consume(4))).containsExactlyElementsOf(second);
        List<String> third = emit(7, 1);
        assertThat(ids(consume(1))).containsExactlyElementsOf(third);
    }

    @Test
    void aFailingHandlerStopsTheStreamAndTheNextRunStartsAtThatEvent() throws Exception {
        List<String> all = emit(0, 5);
        List<String> handled = new ArrayList<>();
        EventHandlingFailed failed;
        try (ChaincodeEventStream stream = new ChaincodeEventStream(ledger, checkpoint)) {
            failed = catchThrowableOfType(
                    EventHandlingFailed.class,
                    () -> stream.run(event -> {
                        if (event.transactionId().equals(all.get(2))) {
                            throw new IllegalStateException("verifier database is down");
                        }
                        handled.add(event.transactionId());
                    }));
        }
        assertThat(handled).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(failed.event().transactionId()).isEqualTo(all.get(2));
        assertThat(failed).hasMessageContaining("verifier database is down").hasMessageContaining(all.get(2));
        assertThat(checkpoint.position()).map(EventPosition::transactionId).contains(all.get(1));

        assertThat(ids(consume(3))).containsExactlyElementsOf(all.subList(2, 5));
    }

    @Test
    void aStreamRidesOutANodeRestartWithNoGapAndNoDuplicate() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        ChaincodeEventStream stream = new ChaincodeEventStream(ledger, checkpoint);
        try {
            Future<?> running = runner.submit(() -> {
                stream.run(event -> handled.add(event.transactionId()));
                return null;
            });
            List<String> expected = new ArrayList<>(emit(0, 3));
            awaitSize(handled, 3, running);

            node.stop();
            EmbeddedNode.sleep(Duration.ofMillis(500));
            node.startAgain();
            expected.addAll(emit(3, 3));
            awaitSize(handled, 6, running);
            expected.addAll(emit(6, 2));
            awaitSize(handled, 8, running);

            stream.close();
            running.get(1, TimeUnit.MINUTES);
            assertThat(handled).containsExactlyElementsOf(expected);
        } finally {
            stream.close();
            runner.shutdownNow();
        }
    }

    @Test
    void dropsSpreadOverAStreamsLifeDoNotUseUpItsRetries() throws Exception {
        // Two attempts: a stream that counted every drop since it started would give up at the second.
        RetryPolicy twoAttempts = new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50));
        List<String> handled = new CopyOnWriteArrayList<>();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (TcpRelay relay = TcpRelay.to(node.port());
                Ledger viaRelay = Ledger.connect(node.settings("FinanceOrgMSP", "verifier1")
                        .endpoint("localhost:" + relay.port())
                        .retry(twoAttempts)
                        .build())) {
            ChaincodeEventStream stream = new ChaincodeEventStream(viaRelay, checkpoint);
            try {
                Future<?> running = runner.submit(() -> {
                    stream.run(event -> handled.add(event.transactionId()));
                    return null;
                });
                List<String> expected = new ArrayList<>(emit(0, 1));
                awaitSize(handled, 1, running);
                for (int drop = 1; drop <= 4; drop++) {
                    relay.severAll();
                    expected.addAll(emit(drop, 1));
                    awaitSize(handled, expected.size(), running);
                }
                stream.close();
                running.get(1, TimeUnit.MINUTES);
                assertThat(handled).containsExactlyElementsOf(expected);
            } finally {
                stream.close();
            }
        } finally {
            runner.shutdownNow();
        }
    }

    private static void awaitSize(List<String> handled, int size, Future<?> running) throws Exception {
        while (handled.size() < size) {
            if (running.isDone()) {
                running.get(); // surfaces why the stream stopped
                throw new AssertionError("the stream stopped after " + handled.size() + " events");
            }
            Thread.sleep(20);
        }
    }
}
