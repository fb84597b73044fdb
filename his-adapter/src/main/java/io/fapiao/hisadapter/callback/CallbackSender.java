package io.fapiao.hisadapter.callback;

import io.fapiao.hisadapter.bill.BillJournal;
import io.fapiao.httpsig.HttpMessage;
import io.fapiao.httpsig.MessageSigner;
import io.fapiao.httpsig.SignatureHeaders;
import io.fapiao.httpsig.SignatureRefused;
import io.fapiao.service.instance.InstanceIdentity;
import io.fapiao.service.work.WorkHandler;
import io.fapiao.service.work.WorkItem;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers a bill's next status notification to the configured callback URL, for one item of the
 * {@value CallbackOutbox#QUEUE} work queue claimed by the adapter's callback worker
 * ({@link io.fapiao.service.work.WorkerPool}, which holds its leases as {@code callback@<instance id>},
 * {@link InstanceIdentity}): a POST of the notification's JSON, signed with RFC 9421 HTTP Message
 * Signatures by the adapter's own key ({@code keyid} = the SHA-256 fingerprint of its certificate, as on
 * the ledger), the body covered through its {@code Content-Digest}. A notification counts as delivered
 * only on a 2xx answer; until then the pool tries it again after a growing wait, and the bill's later
 * notifications wait behind it. At least once: a notification whose delivery was not recorded (a crash
 * after the receiver's answer) is sent again, and the receiver tells the repeat by its {@code sequence}.
 *
 * <pre>{@code
 * POST /fapiao/status HTTP/1.1
 * Content-Type: application/json
 * Content-Digest: sha-256=:...:
 * Signature-Input: sig1=("@method" "@target-uri" "content-digest" "content-type");created=...;keyid="...";...
 * Signature: sig1=:...:
 *
 * {"at":"...","billKey":"91110108MA01ABCD2X:MZ0001","sequence":3,"status":"SUBMITTED",...}
 * }</pre>
 */
public final class CallbackSender implements WorkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);

    private final CallbackOutbox outbox;
    private final BillJournal journal;
    private final TransactionTemplate transactions;
    private final URI url;
    private final MessageSigner signer;
    private final Duration timeout;
    private final HttpClient http;

    public CallbackSender(
            CallbackOutbox outbox,
            BillJournal journal,
            TransactionTemplate transactions,
            URI url,
            MessageSigner signer,
            Duration timeout) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.url = Objects.requireNonNull(url, "url");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * One attempt at the bill's next notification. Returns once it is delivered (or there was none
     * left), its item advanced to the bill's next one; throws {@link CallbackNotDelivered} otherwise, and
     * the pool tries again later.
     */
    @Override
    public void handle(WorkItem item) throws CallbackNotDelivered, InterruptedException {
        String billKey = item.key();
        Optional<CallbackOutbox.Delivery> next = outbox.next(billKey);
        if (next.isPresent()) {
            CallbackOutbox.Delivery delivery = next.get();
            String failure = send(delivery);
            leaveIfStopping(delivery);
            if (failure != null) {
                throw new CallbackNotDelivered(delivery, failure);
            }
            LOG.info("status {} of bill {} delivered to the callback URL", delivery.sequence(), billKey);
        }
        transactions.executeWithoutResult(s -> {
            journal.lock(billKey);
            if (next.isPresent()) {
                outbox.delivered(next.get());
            } else {
                outbox.advance(billKey);
            }
        });
    }

    /** POSTs the notification; null when the receiver acknowledged it, else why not. */
    private String send(CallbackOutbox.Delivery delivery) {
        try {
            Map<String, List<String>> fields = Map.of("Content-Type", List.of("application/json"));
            SignatureHeaders signature = signer.sign(HttpMessage.request("POST", url, fields, delivery.body()));
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
            signature.asMap().forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2 ? null : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (SignatureRefused e) {
            return "cannot sign: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (RuntimeException e) {
            LOG.error(
                    "delivering status {} of bill {} failed unexpectedly", delivery.sequence(), delivery.billKey(), e);
            return e.getClass().getSimpleName();
        }
    }

    /**
     * Throws when the pool stopped with this notification in hand and interrupted the worker: nothing is
     * written (the database may be closing); the notification is sent again after the next start.
     */
    private static void leaveIfStopping(CallbackOutbox.Delivery delivery) throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException(
                    "status " + delivery.sequence() + " of bill " + delivery.billKey() + " left for the next start");
        }
    }

    @Override
    public String toString() {
        return "CallbackSender[" + url + "]";
    }
}
