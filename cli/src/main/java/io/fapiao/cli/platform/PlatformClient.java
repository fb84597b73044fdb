package io.fapiao.cli.platform;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.httpsig.HttpsClients;
import io.fapiao.httpsig.SigningHttpClient;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.LedgerSettings;
import io.fapiao.ledger.consortium.Consortium;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A running one-machine platform as its users reach it: each service's HTTP API as one of the
 * platform's registered clients ({@link ApiClients}: the hospital's HIS at the his-adapter, the billing
 * desk at the issuer, the auditor at the verifier...), every request signed (RFC 9421), and the ledger over the Fabric Gateway protocol with a consortium identity. The demo and
 * the end-to-end test drive the platform through it.
 *
 * <pre>{@code
 * try (PlatformClient platform = new PlatformClient(new PlatformLayout(Path.of(".fapiao"), "localhost:7051", 7000))) {
 *     String billKey = platform.submitBill(bill);
 *     JsonNode issued = platform.awaitBillStatus(billKey, Set.of("ISSUED"), Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public final class PlatformClient implements AutoCloseable {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private final PlatformLayout layout;
    private HttpClient http;
    private final List<Ledger> connections = new ArrayList<>();
    private final Map<String, SigningHttpClient> signers = new java.util.concurrent.ConcurrentHashMap<>();

    public PlatformClient(PlatformLayout layout) {
        this.layout = layout;
    }

    public PlatformLayout layout() {
        return layout;
    }

    public URI hisAdapter(String path) {
        return URI.create(layout.url(PlatformLayout.HIS_ADAPTER) + path);
    }

    public URI financeVerifier(String path) {
        return URI.create(layout.url(PlatformLayout.FINANCE_VERIFIER) + path);
    }

    public URI issuerApi(String path) {
        return URI.create(layout.url(PlatformLayout.ISSUER_API) + path);
    }

    // ---- the hospital's HIS ----

    /** Posts a bill to the his-adapter under a fresh Idempotency-Key; returns its bill key. */
    public String submitBill(Bill bill) throws IOException, InterruptedException {
        HttpResponse<byte[]> accepted = as(ApiClients.HIS)
                .send(
                        "POST",
                        hisAdapter("/v1/bills"),
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "Idempotency-Key",
                                UUID.randomUUID().toString()),
                        bill.toCanonicalJson());
        if (accepted.statusCode() != 202) {
            throw new IOException("his-adapter refused bill " + bill.billId() + ": HTTP " + accepted.statusCode() + " "
                    + new String(accepted.body(), StandardCharsets.UTF_8));
        }
        return json(accepted.body()).get("billKey").stringValue();
    }

    /** The his-adapter's view of a bill: its status and transitions. */
    public JsonNode billStatus(String billKey) throws IOException, InterruptedException {
        return json(as(ApiClients.HIS).get(hisAdapter("/v1/bills/" + billKey)).body());
    }

    /**
     * Polls the bill's status until it is one of {@code wanted} (returned), or a final status it did not
     * want, or the time is up (both an {@link IOException} naming what was seen).
     */
    public JsonNode awaitBillStatus(String billKey, java.util.Set<String> wanted, Duration within)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode view = billStatus(billKey);
        while (!wanted.contains(status(view))) {
            if (java.util.Set.of("FAILED", "REJECTED", "ISSUED", "CLAIMED", "REVERSED")
                            .contains(status(view))
                    && !wanted.contains(status(view))) {
                throw new IOException("bill " + billKey + " ended " + status(view) + ", not " + wanted + ": " + view);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("bill " + billKey + " still " + status(view) + " after " + within);
            }
            Thread.sleep(250);
            view = billStatus(billKey);
        }
        return view;
    }

    private static String status(JsonNode view) {
        return view.get("status") == null ? "" : view.get("status").stringValue();
    }

    // ---- the issuer API's REST clients ----

    /** A GET signed by a registered REST client of the issuer API ({@code home/clients/<client>}). */
    public HttpResponse<byte[]> signedGet(String client, URI uri, String accept) throws Exception {
        return send("GET", uri, new byte[0], signed(client, "GET", uri, new byte[0], Map.of("Accept", accept)));
    }

    /**
     * A signed GET of an invoice document ({@code /v1/invoices/{number}/document}) that waits out
     * {@code 202 Accepted}: the issuer renders PDF and OFD after issuance, and answers 202 with
     * {@code Retry-After} while a rendition is not made yet. Asks again after that many seconds (1 to
     * 10) until another answer comes or {@code within} has passed; returns the last answer.
     */
    public HttpResponse<byte[]> signedGetDocument(String client, URI uri, String accept, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<byte[]> response = signedGet(client, uri, accept);
        while (response.statusCode() == 202 && System.nanoTime() < deadline) {
            long seconds = response.headers()
                    .firstValue("Retry-After")
                    .filter(value -> value.matches("[0-9]{1,6}"))
                    .map(Long::parseLong)
                    .orElse(1L);
            Thread.sleep(Duration.ofSeconds(Math.clamp(seconds, 1, 10)));
            response = signedGet(client, uri, accept);
        }
        return response;
    }

    /** A JSON POST signed by a registered REST client, under a fresh Idempotency-Key. */
    public HttpResponse<byte[]> signedPost(String client, URI uri, String json) throws Exception {
        return signedPost(client, uri, json, REQUEST_TIMEOUT);
    }

    /** {@link #signedPost(String, URI, String)} waiting up to {@code timeout} for the answer. */
    public HttpResponse<byte[]> signedPost(String client, URI uri, String json, Duration timeout) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Content-Type", "application/json");
        fields.put("Idempotency-Key", UUID.randomUUID().toString());
        return send("POST", uri, body, signed(client, "POST", uri, body, fields), timeout);
    }

    /**
     * {@code fields} and the RFC 9421 signature headers that registered REST client {@code client}
     * ({@code home/clients/<client>}) makes over the request (with a Content-Digest when there is a body).
     */
    public Map<String, String> signed(String client, String method, URI uri, byte[] body, Map<String, String> fields)
            throws Exception {
        return as(client).signedHeaders(method, uri, fields, body);
    }

    /**
     * An HTTP client signing as the platform's client {@code client} ({@code home/clients/<client>}, see
     * {@link ApiClients}).
     *
     * @throws IOException when the client's key cannot be read
     */
    public SigningHttpClient as(String client) throws IOException {
        SigningHttpClient signing = signers.get(client);
        if (signing == null) {
            try {
                signing = new SigningHttpClient(
                        http(), SigningHttpClient.signer(ApiClients.identity(layout.clientsDirectory(), client)));
            } catch (ProtocolException e) {
                throw new IOException("cannot use the key of client " + client + ": " + e.getMessage(), e);
            }
            signers.put(client, signing);
        }
        return signing;
    }

    /** Any request; the body is sent as is. */
    public HttpResponse<byte[]> send(String method, URI uri, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        return send(method, uri, body, headers, REQUEST_TIMEOUT);
    }

    /** Any request, waiting up to {@code timeout} for the answer (a reconciliation of many bills takes a while). */
    public HttpResponse<byte[]> send(String method, URI uri, byte[] body, Map<String, String> headers, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .method(
                        method,
                        body.length == 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return http().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * The HTTP client of every request: HTTPS trusting the consortium's CAs in {@code <home>/trust}
     * (which issued the services' certificates) and no other.
     */
    public synchronized HttpClient http() throws IOException {
        if (http == null) {
            if (!Files.isDirectory(layout.trustDirectory())) {
                throw new IOException("no trust anchors in " + layout.trustDirectory() + ": is --home the platform's "
                        + "folder? ./fapiao up writes them");
            }
            http = HttpsClients.trusting(HttpsClients.anchors(layout.trustDirectory()));
        }
        return http;
    }

    /** Parses a JSON body. */
    public static JsonNode json(byte[] body) throws IOException {
        try {
            return Json.readTree(body);
        } catch (ProtocolException e) {
            throw new IOException("not JSON: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    // ---- the ledger ----

    /** The ledger as {@code user} of {@code mspId}, over its gateway (TLS); closed with this client. */
    public FapiaoLedger ledger(String mspId, String user) throws Exception {
        Consortium consortium = Consortium.load(layout.cryptoDirectory());
        Path msp = consortium.userDirectory(mspId, user);
        PlatformLayout.Gateway gateway = layout.gateway(mspId, consortium);
        Ledger ledger = Ledger.connect(LedgerSettings.builder()
                .endpoint(gateway.endpoint())
                .tlsRootCertificate(gateway.tlsRootCertificate())
                .mspId(mspId)
                .certificate(ServiceProfiles.onlyFile(msp.resolve("signcerts")))
                .privateKey(ServiceProfiles.onlyFile(msp.resolve("keystore")))
                .build());
        connections.add(ledger);
        return new FapiaoLedger(ledger);
    }

    /** A consortium user's identity (certificate and key) from the node's MSP folders. */
    public Identity identity(String mspId, String user) throws Exception {
        Path msp = Consortium.load(layout.cryptoDirectory()).userDirectory(mspId, user);
        return new Identity(
                Pem.certificate(Files.readString(ServiceProfiles.onlyFile(msp.resolve("signcerts")))),
                Pem.privateKey(Files.readString(ServiceProfiles.onlyFile(msp.resolve("keystore")))));
    }

    /**
     * What a compromised HIS could do: seal {@code bill} correctly as hospital1, flip one byte of its
     * ciphertext and submit it straight to the ledger. The header and signature still hold, so the
     * contract stores it; only a recipient that decrypts can tell. Returns the bill key.
     */
    public String submitTampered(Bill bill) throws Exception {
        Identity hospital1 = identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        SealedBill sealed = BillSealer.seal(
                bill,
                hospital1.signer(),
                List.of(
                        identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                                .certificate(),
                        identity(DevelopmentConsortiumPlan.ISSUER_MSP, "issuer1")
                                .certificate()));
        String wire = new String(sealed.toJson(), StandardCharsets.UTF_8);
        String ciphertext =
                json(sealed.toJson()).get("payload").get("ciphertext").stringValue();
        char[] chars = ciphertext.toCharArray();
        int middle = chars.length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        SealedBill tampered =
                SealedBill.fromJson(wire.replace(ciphertext, new String(chars)).getBytes(StandardCharsets.UTF_8));
        return ledger(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1")
                .submitBill(tampered)
                .value()
                .billKey();
    }

    @Override
    public void close() {
        connections.forEach(Ledger::close);
    }
}
