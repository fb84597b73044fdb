package io.fapiao.issuer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.httpsig.HttpMessage;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the issuer API keeps across a restart, on each database: the first response of every
 * Idempotency-Key, the signature nonces already used, the client registry (bootstrapped again,
 * unchanged) and an invoice request that was stored but could not reach the ledger, which a retry
 * after the restart submits with the very bytes that were sealed first.
 */
abstract class RestPersistenceTests {
    @TempDir
    static Path dir;

    static IssuerPlatform platform;

    /** The database properties; the same on every start of a test, so the service finds its rows again. */
    abstract Map<String, String> database();

    @BeforeAll
    static void startLedger() throws Exception {
        platform = IssuerPlatform.start(dir);
    }

    @AfterAll
    static void stopLedger() throws Exception {
        if (platform != null) {
            platform.close();
        }
    }

    private ConfigurableApplicationContext start(Map<String, String> database) throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(database);
        // fail fast while the ledger is down, rather than retrying for a minute
        properties.put("fapiao.ledger.retry-attempts", "1");
        properties.put("fapiao.ledger.submit-timeout", "5s");
        properties.put("fapiao.ledger.commit-timeout", "10s");
        return platform.startService(properties, false);
    }

    @Test
    void retriesAndReplaysAreJudgedByWhatWasStoredBeforeTheRestart() throws Exception {
        Map<String, String> database = database();
        BillKey bill = platform.verifiedBill(951);
        String key = UUID.randomUUID().toString();
        String body = "{\"billKey\":\"" + bill + "\"}";
        HttpResponse<byte[]> first;
        HttpMessage sentBeforeRestart;
        int port;
        try (ConfigurableApplicationContext service = start(database)) {
            port = IssuerPlatform.port(service);
            SignedHttp desk = platform.http(service, platform.issuerClient);
            first = desk.post("/v1/invoices", key, body);
            assertThat(first.statusCode())
                    .as(new String(first.body(), StandardCharsets.UTF_8))
                    .isEqualTo(201);
            sentBeforeRestart = desk.signer()
                    .signed(HttpMessage.request(
                            "GET",
                            desk.uri("/v1/invoices/"
                                    + Json.readTree(first.body())
                                            .get("invoiceNumber")
                                            .stringValue()),
                            Map.of(),
                            null));
            assertThat(SignedHttp.sendAsIs(sentBeforeRestart).statusCode()).isEqualTo(200);
        }
        // the same port: a signature covers the target URI, so a replay must reach the same address
        Map<String, String> samePort = new LinkedHashMap<>(database);
        samePort.put("server.port", Integer.toString(port));
        try (ConfigurableApplicationContext service = start(samePort)) {
            SignedHttp desk = platform.http(service, platform.issuerClient);
            HttpResponse<byte[]> retry = desk.post("/v1/invoices", key, body);
            assertThat(retry.statusCode()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(first.body());
            assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");

            // the captured request is still refused: its nonce was stored with its window
            HttpResponse<byte[]> replayed = SignedHttp.sendAsIs(sentBeforeRestart);
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(Json.readTree(replayed.body()).get("code").stringValue()).isEqualTo("SIGNATURE_REPLAYED");

            // the registry was bootstrapped again from the same configuration: three clients, unchanged
            JdbcClient jdbc = service.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM api_client WHERE active = TRUE")
                            .query(Long.class)
                            .single())
                    .isEqualTo(3L);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM idempotent_request WHERE idempotency_key = :k")
                            .param("k", key)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1L);
        }
        BillRecord onLedger = platform.auditor().bill(bill).bill();
        assertThat(onLedger.state()).isEqualTo(BillState.ISSUED);
        assertThat(onLedger.invoiceNumber())
                .isEqualTo(Json.readTree(first.body()).get("invoiceNumber").stringValue());
    }

    @Test
    void anInvoiceRequestThatCouldNotReachTheLedgerIsSubmittedByTheRetryAfterARestart() throws Exception {
        Map<String, String> database = database();
        InvoiceRequest request = IssuerPlatform.invoiceRequest(952, IssuerPlatform.ENTERPRISE);
        String body = "{\"invoiceRequest\":" + new String(CanonicalJson.encode(request), StandardCharsets.UTF_8) + "}";
        String key = UUID.randomUUID().toString();
        BillKey billKey = new BillKey(IssuerPlatform.ENTERPRISE, request.requestId());
        String sealedFirst;
        try (ConfigurableApplicationContext service = start(database)) {
            SignedHttp shop = platform.http(service, platform.enterpriseClient);
            platform.ledger.stop();
            try {
                HttpResponse<byte[]> refused = shop.post("/v1/invoices", key, body);
                assertThat(refused.statusCode())
                        .as(new String(refused.body(), StandardCharsets.UTF_8))
                        .isEqualTo(503);
                assertThat(Json.readTree(refused.body()).get("code").stringValue())
                        .isEqualTo("LEDGER_UNAVAILABLE");
                JdbcClient jdbc = service.getBean(JdbcClient.class);
                sealedFirst = jdbc.sql(
                                "SELECT sealed_bill FROM invoice_request WHERE bill_key = :k AND state = 'RECEIVED'")
                        .param("k", billKey.toString())
                        .query(String.class)
                        .single();
            } finally {
                platform.ledger.restart();
            }
        }
        try (ConfigurableApplicationContext service = start(database)) {
            SignedHttp shop = platform.http(service, platform.enterpriseClient);
            HttpResponse<byte[]> accepted = shop.post("/v1/invoices", key, body);
            assertThat(accepted.statusCode())
                    .as(new String(accepted.body(), StandardCharsets.UTF_8))
                    .isEqualTo(202);
            assertThat(Json.readTree(accepted.body()).get("status").stringValue())
                    .isEqualTo("SUBMITTED");
            assertThat(shop.post("/v1/invoices", key, body).body()).isEqualTo(accepted.body());
        }
        // the ledger holds the envelope sealed before the restart, not a second sealing
        var stored = platform.auditor().bill(billKey);
        assertThat(CanonicalJson.encode(stored.sealedBill()))
                .isEqualTo(CanonicalJson.canonicalize(sealedFirst.getBytes(StandardCharsets.UTF_8)));
        assertThat(stored.bill().state()).isEqualTo(BillState.SUBMITTED);
    }
}
