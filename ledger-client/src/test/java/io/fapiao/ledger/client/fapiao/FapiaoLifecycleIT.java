package io.fapiao.ledger.client.fapiao;

import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.FINANCE_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.HOSPITAL_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.ISSUER_MSP;
import static io.fapiao.ledger.client.fapiao.FapiaoNetwork.USCC_HOSPITAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.ledger.client.ChaincodeEventStream;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.ledger.client.events.FileEventCheckpoint;
import io.fapiao.ledger.client.events.LedgerEvent;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillPage;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.ledger.Claim;
import io.fapiao.protocol.ledger.Governance;
import io.fapiao.protocol.ledger.History;
import io.fapiao.protocol.ledger.HistoryEntry;
import io.fapiao.protocol.ledger.InvoiceKind;
import io.fapiao.protocol.ledger.InvoiceRecord;
import io.fapiao.protocol.ledger.InvoiceState;
import io.fapiao.protocol.ledger.NumberRange;
import io.fapiao.protocol.ledger.Role;
import io.fapiao.protocol.ledger.StoredBill;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.statement.IssuanceStatement;
import io.fapiao.protocol.statement.VerdictStatement;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The invoice lifecycle through a real embedded node over TLS gRPC, with the typed facade and the
 * consortium's own identities: governance bootstrap, a sealed bill submitted by the hospital, an
 * accepted verdict signed by the verifier, a reserved range and an issued invoice, a claim and a
 * refused second claim, a conflicting bill under the same id, the key history with each step's
 * transaction, and the BillSubmitted event through the checkpointed event stream.
 */
class FapiaoLifecycleIT {

    @Test
    void aBillGoesFromSubmissionToClaimedInvoiceThroughTheNode(@TempDir Path dir) throws Exception {
        try (FapiaoNetwork network = FapiaoNetwork.start(dir)) {
            network.bootstrap();
            FapiaoLedger admin = network.client(FINANCE_MSP, "Admin");
            Governance governance = admin.governance();
            assertThat(governance.financeMspId()).isEqualTo(FINANCE_MSP);
            assertThat(governance.grants(HOSPITAL_MSP, Role.HOSPITAL)).isTrue();
            assertThat(admin.submitter(USCC_HOSPITAL).mspId()).isEqualTo(HOSPITAL_MSP);

            Identity hospitalId = network.identity(HOSPITAL_MSP, "hospital1");
            Identity verifierId = network.identity(FINANCE_MSP, "verifier1");
            Identity issuerId = network.identity(ISSUER_MSP, "issuer1");
            FapiaoLedger hospital = network.client(HOSPITAL_MSP, "hospital1");
            FapiaoLedger verifier = network.client(FINANCE_MSP, "verifier1");
            FapiaoLedger issuer = network.client(ISSUER_MSP, "issuer1");
            FapiaoLedger claimant = network.client(ISSUER_MSP, "claimant1");
            FapiaoLedger auditor = network.client(FapiaoNetwork.AUDITOR_MSP, "auditor1");

            // The verifier's event stream, from the first block, into a queue.
            BlockingQueue<LedgerEvent> events = new LinkedBlockingQueue<>();
            ChaincodeEventStream stream = new ChaincodeEventStream(
                    verifier.ledger(), new FileEventCheckpoint(dir.resolve("verifier.checkpoint")));
            Thread consumer = Thread.ofVirtual().start(() -> {
                try {
                    stream.run(events::put);
                } catch (Exception e) {
                    events.add(new LedgerEvent("STREAM FAILED: " + e, new byte[0], null));
                }
            });

            // Submit: the record, its transaction and block; the identical bill again is the same record.
            SealedBill sealed = network.seal(hospitalId, USCC_HOSPITAL, 1);
            BillKey key = FapiaoNetwork.key(sealed);
            Recorded<BillRecord> submitted = hospital.submitBill(sealed);
            assertThat(submitted.value().billKey()).isEqualTo(key.toString());
            assertThat(submitted.value().state()).isEqualTo(BillState.SUBMITTED);
            assertThat(submitted.value().headerDigest())
                    .isEqualTo(sealed.header().headerDigest().toString());
            assertThat(submitted.value().submitted().txId()).isEqualTo(submitted.transactionId());
            assertThat(submitted.blockNumber()).isPositive();
            Recorded<BillRecord> again = hospital.submitBill(sealed);
            assertThat(again.value()).isEqualTo(submitted.value());

            // The event reaches the verifier through the stream, carrying the bill's key.
            LedgerEvent event = nextNamed(events, "BillSubmitted");
            assertThat(event.transactionId()).isEqualTo(submitted.transactionId());
            assertThat(event.blockNumber()).isEqualTo(submitted.blockNumber());
            JsonNode payload = Json.readTree(event.payload());
            assertThat(payload.get("billKey").stringValue()).isEqualTo(key.toString());
            assertThat(payload.get("state").stringValue()).isEqualTo("SUBMITTED");

            // A different sealed bill under the same (USCC, bill id).
            SealedBill other = network.seal(hospitalId, USCC_HOSPITAL, 1);
            assertThat(other.toJson()).isNotEqualTo(sealed.toJson());
            assertThatThrownBy(() -> hospital.submitBill(other))
                    .isInstanceOfSatisfying(
                            ChaincodeRejection.class, e -> assertThat(e.code()).isEqualTo("BILL_CONFLICT"));

            // The verifier reads the envelope as stored and records a signed acceptance.
            StoredBill stored = verifier.bill(key);
            assertThat(stored.envelope().header()).isEqualTo(sealed.header());
            VerdictStatement verdict =
                    new VerdictStatement(key.toString(), stored.bill().headerDigest(), "ACCEPTED", List.of());
            Recorded<BillRecord> verified =
                    verifier.recordVerification(key, "ACCEPTED", List.of(), FapiaoNetwork.sign(verifierId, verdict));
            assertThat(verified.value().state()).isEqualTo(BillState.VERIFIED);
            assertThat(verified.value().verification().mspId()).isEqualTo(FINANCE_MSP);
            BillPage page = auditor.listBills(BillState.VERIFIED, USCC_HOSPITAL, 10, null);
            assertThat(page.bills()).extracting(BillRecord::billKey).containsExactly(key.toString());
            assertThat(page.hasMore()).isFalse();

            // The issuer reserves a range and issues the bill under its first number.
            Recorded<NumberRange> range = issuer.reserveNumberRange("ISSUER-01", "HN01", 2026, 100);
            assertThat(range.value().start()).isEqualTo(1);
            assertThat(range.value().end()).isEqualTo(100);
            String number = range.value().first();
            String documentHash = FapiaoNetwork.sha256("invoice document " + number);
            String checkCodeDigest = FapiaoNetwork.checkCodeDigest(number);
            IssuanceStatement issuance = new IssuanceStatement(
                    key.toString(), stored.bill().headerDigest(), number, checkCodeDigest, documentHash);
            Recorded<InvoiceRecord> issued = issuer.issueInvoice(
                    key, number, checkCodeDigest, documentHash, FapiaoNetwork.sign(issuerId, issuance));
            assertThat(issued.value().kind()).isEqualTo(InvoiceKind.BLUE);
            assertThat(issued.value().state()).isEqualTo(InvoiceState.ISSUED);
            assertThat(verifier.bill(key).bill().state()).isEqualTo(BillState.ISSUED);

            // One claim; the second is refused with the code and names the first.
            Recorded<Claim> claim = claimant.claimInvoice(number, "POLICY-7781", "outpatient reimbursement");
            assertThat(claim.value().claimantId()).isEqualTo("POLICY-7781");
            assertThat(claimant.invoice(number).state()).isEqualTo(InvoiceState.CLAIMED);
            assertThatThrownBy(() -> claimant.claimInvoice(number, "EMPLOYER-3", "expense claim"))
                    .isInstanceOfSatisfying(ChaincodeRejection.class, e -> {
                        assertThat(e.code()).isEqualTo("ALREADY_CLAIMED");
                        assertThat(e.reason()).contains("POLICY-7781");
                    });

            // The bill's history: one version per step, each with the transaction that wrote it.
            History history = auditor.history("bill:" + key);
            assertThat(history.versions())
                    .extracting(HistoryEntry::txId)
                    .containsExactly(submitted.transactionId(), verified.transactionId(), issued.transactionId());
            assertThat(history.versions())
                    .extracting(v -> v.value().get("state").stringValue())
                    .containsExactly("SUBMITTED", "VERIFIED", "ISSUED");
            assertThat(history.versions())
                    .extracting(HistoryEntry::mspId)
                    .containsExactly(HOSPITAL_MSP, FINANCE_MSP, ISSUER_MSP);
            History invoiceHistory = auditor.history("invoice:" + number);
            assertThat(invoiceHistory.versions())
                    .extracting(HistoryEntry::txId)
                    .containsExactly(issued.transactionId(), claim.transactionId());

            // The stream saw the rest of the lifecycle in ledger order.
            assertThat(nextNamed(events, "BillVerified").transactionId()).isEqualTo(verified.transactionId());
            assertThat(nextNamed(events, "NumberRangeReserved").transactionId()).isEqualTo(range.transactionId());
            assertThat(nextNamed(events, "InvoiceIssued").transactionId()).isEqualTo(issued.transactionId());
            assertThat(nextNamed(events, "InvoiceClaimed").transactionId()).isEqualTo(claim.transactionId());
            stream.close();
            consumer.join(10_000);
        }
    }

    /** The next event named {@code name}, skipping others; fails after a generous wait. */
    private static LedgerEvent nextNamed(BlockingQueue<LedgerEvent> events, String name) throws InterruptedException {
        while (true) {
            LedgerEvent event = events.poll(30, TimeUnit.SECONDS);
            assertThat(event).as("event " + name).isNotNull();
            assertThat(event.name()).doesNotStartWith("STREAM FAILED");
            if (event.name().equals(name)) {
                return event;
            }
        }
    }
}
