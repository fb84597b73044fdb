package io.fapiao.hisadapter.callback;

import io.fapiao.hisadapter.Backoff;
import io.fapiao.httpsig.HttpMessage;
import io.fapiao.httpsig.MessageSigner;
import io.fapiao.httpsig.SignatureHeaders;
import io.fapiao.httpsig.SignatureRefused;
import io.fapiao.service.instance.InstanceIdentity;
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
import org.springframework.context.SmartLifecycle;

/**
 * Delivers the queued status notifications to the configured callback URL: a POST of the
 * notification's JSON, signed with RFC 9421 HTTP Message Signatures by the adapter's own key
 * ({@code keyid} = the SHA-256 fingerprint of its certificate, as on the ledger), the body covered
 * through its {@code Content-Digest}. A notification counts as delivered only on a 2xx answer; until
 * then it is tried again after a growing wait, and the bill's later notifications wait behind it. The
 * sender holds its leases as {@code callback@<instance id>} ({@link InstanceIdentity}) and takes back what
 * that owner holds when it starts, so a notification in flight when this process died is sent again
 * as soon as it is back; on stop it gives its leases back before the database closes.
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
public final class CallbackSender implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSender.class);
    /** The lease owner's queue name: {@code callback@<instance id>}. */
    public static final String QUEUE = "callback";

    private final CallbackOutbox outbox;
    private final URI url;
    private final MessageSigner signer;
    private final Backoff backoff;
    private final Duration pollInterval;
    private final Duration timeout;
    private final HttpClient http;
    private final String owner;
    private final Object doorbell = new Object();
    private volatile boolean running;
    private Thread thread;

    public CallbackSender(CallbackOutbox outbox, URI url, MessageSigner signer, Backoff backoff, Duration pollInterval,
            Duration timeout, InstanceIdentity instance) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.url = Objects.requireNonNull(url, "url");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.owner = Objects.requireNonNull(instance, "instance").leaseOwner(QUEUE);
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        try {
            // Whatever this owner holds was left by this process's previous life (a crash): take it back now.
            outbox.release(owner);
        } catch (RuntimeException e) {
            LOG.warn("could not take back the callback leases of {}; they expire: {}", owner,
                    e.getClass().getSimpleName());
        }
        thread = Thread.ofPlatform().name("his-callbacks").daemon(true).start(this::work);
    }

    private void work() {
        while (running) {
            Optional<CallbackOutbox.Delivery> claimed;
            try {
                claimed = outbox.claim(owner);
            } catch (RuntimeException e) {
                LOG.warn("cannot read the callback outbox: {}", e.getClass().getSimpleName());
                claimed = Optional.empty();
            }
            if (claimed.isPresent()) {
                deliver(claimed.get());
            } else {
                synchronized (doorbell) {
                    try {
                        if (running) {
                            doorbell.wait(pollInterval.toMillis());
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** One attempt at one notification; the row ends delivered or rescheduled. */
    void deliver(CallbackOutbox.Delivery delivery) {
        String failure;
        try {
            Map<String, List<String>> fields = Map.of("Content-Type", List.of("application/json"));
            SignatureHeaders signature = signer.sign(HttpMessage.request("POST", url, fields, delivery.body()));
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()));
            signature.asMap().forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                outbox.delivered(delivery, owner);
                LOG.info("status {} of bill {} delivered to the callback URL", delivery.sequence(), delivery.billKey());
                return;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (SignatureRefused e) {
            failure = "cannot sign: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } catch (RuntimeException e) {
            failure = e.getClass().getSimpleName();
            LOG.error("delivering status {} of bill {} failed unexpectedly", delivery.sequence(), delivery.billKey(), e);
        }
        Duration wait = backoff.after(delivery.attempts() + 1);
        try {
            outbox.failed(delivery, owner, failure, wait);
        } catch (RuntimeException e) {
            LOG.error("cannot reschedule status {} of bill {}: {}", delivery.sequence(), delivery.billKey(),
                    e.getClass().getSimpleName());
        }
        LOG.warn("status {} of bill {} not delivered (attempt {}, {}); next try in {} ms", delivery.sequence(),
                delivery.billKey(), delivery.attempts() + 1, failure, wait.toMillis());
    }

    @Override
    public void stop() {
        Thread sender;
        synchronized (this) {
            running = false;
            sender = thread;
            thread = null;
        }
        synchronized (doorbell) {
            doorbell.notifyAll();
        }
        if (sender != null) {
            try {
                sender.join(timeout.plusSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Before the database closes: this is a SmartLifecycle, stopped before any bean is destroyed.
        try {
            outbox.release(owner);
        } catch (RuntimeException e) {
            LOG.warn("could not release the callback leases of {}: {}", owner, e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public String toString() {
        return "CallbackSender[" + url + "]";
    }
}
