package io.fapiao.issuer.requests;

import io.fapiao.issuer.auth.ClientRole;
import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.ledger.client.ChaincodeRejection;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.identity.KeyMaterial;
import io.fapiao.service.identity.KeyUnavailable;
import io.fapiao.service.problem.RequestRefused;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Takes in enterprise clients' own invoice requests: the issuer seals each with its key (recipients:
 * the finance bureau and the issuer itself) and submits it on the ledger, where it is verified like
 * any bill and then issued by the engine from the BillVerified event. The sealed envelope is stored
 * (table {@code invoice_request}) before it is submitted, so a retry submits the same bytes and the
 * ledger's idempotent resubmission applies; nothing is acknowledged before it is stored.
 *
 * <pre>{@code
 * RequestStatus status = requests.accept(client, request);   // RECEIVED or SUBMITTED
 * RequestStatus later = requests.status(client, BillKey.parse(status.billKey()));
 * }</pre>
 */
@Service
public class InvoiceRequests {
    private static final Logger LOG = LoggerFactory.getLogger(InvoiceRequests.class);

    private final JdbcClient jdbc;
    private final FapiaoLedger ledger;
    private final KeyMaterial key;
    private final RequestProperties properties;

    public InvoiceRequests(JdbcClient jdbc, FapiaoLedger ledger, KeyMaterial key, RequestProperties properties) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.key = key;
        this.properties = properties;
    }

    /**
     * Seals, stores and submits the client's request; the same request again (same client, same
     * request id, same content) answers its current status without sealing or submitting anew.
     *
     * @throws RequestRefused 403 {@code SELLER_MISMATCH} when the seller is not the client's USCC,
     *     409 {@code REQUEST_CONFLICT} when the request id was used for other content
     * @throws ProtocolException {@code INVALID_BILL} with the request's violations
     * @throws LedgerException when the ledger refuses or cannot be reached (the request stays stored;
     *     a retry submits it)
     */
    public RequestStatus accept(RegisteredClient client, InvoiceRequest request)
            throws ProtocolException, LedgerException {
        client.requireRole(ClientRole.ENTERPRISE);
        request.requireValid();
        String seller = request.seller().uscc();
        if (client.uscc() == null || !client.uscc().equals(seller)) {
            throw new RequestRefused(
                    RequestRefused.Kind.NOT_ALLOWED,
                    "SELLER_MISMATCH",
                    "client " + client.name()
                            + " is registered for seller USCC " + client.uscc()
                            + " and cannot request invoices for seller "
                            + seller);
        }
        BillKey billKey = new BillKey(seller, request.requestId());
        String hash = sha256Hex(CanonicalJson.encode(request));
        Stored stored = find(billKey).orElse(null);
        if (stored == null) {
            SealedBill sealed = seal(request);
            try {
                jdbc.sql("""
                        INSERT INTO invoice_request (bill_key, client_key_id, request_hash, sealed_bill, state, received_at)
                        VALUES (:billKey, :client, :hash, :sealed, 'RECEIVED', :now)""")
                        .param("billKey", billKey.toString())
                        .param("client", client.keyId())
                        .param("hash", hash)
                        .param("sealed", new String(sealed.toJson(), StandardCharsets.UTF_8))
                        .param("now", now())
                        .update();
            } catch (DuplicateKeyException raced) {
                // a concurrent first attempt stored it; continue with what it stored
            }
            stored = find(billKey).orElseThrow();
        }
        if (!stored.clientKeyId().equals(client.keyId())
                || !stored.requestHash().equals(hash)) {
            throw new RequestRefused(
                            RequestRefused.Kind.CONFLICT,
                            "REQUEST_CONFLICT",
                            "request id " + request.requestId() + " of seller " + seller
                                    + " was already used for a different invoice request; use a new requestId")
                    .with("billKey", billKey.toString());
        }
        if (stored.state().equals("RECEIVED")) {
            submit(billKey, stored);
        }
        return status(billKey);
    }

    /**
     * The request's status, for an issuer client or the enterprise client of its seller.
     *
     * @throws RequestRefused 403 {@code ROLE_REQUIRED} / {@code SELLER_MISMATCH}, 404 {@code REQUEST_NOT_FOUND}
     */
    public RequestStatus status(RegisteredClient client, BillKey billKey) throws LedgerException {
        client.requireRole(ClientRole.ISSUER, ClientRole.ENTERPRISE);
        if (!client.has(ClientRole.ISSUER) && !billKey.uscc().equals(client.uscc())) {
            throw new RequestRefused(
                    RequestRefused.Kind.NOT_ALLOWED,
                    "SELLER_MISMATCH",
                    "client " + client.name() + " may only follow invoice requests of seller " + client.uscc());
        }
        return status(billKey);
    }

    private RequestStatus status(BillKey billKey) throws LedgerException {
        String statusUrl = "/v1/requests/" + billKey;
        Optional<Stored> stored = find(billKey);
        BillRecord bill;
        try {
            bill = ledger.bill(billKey).bill();
        } catch (ChaincodeRejection e) {
            if (!e.code().equals("NOT_FOUND")) {
                throw e;
            }
            if (stored.isEmpty()) {
                throw new RequestRefused(
                        RequestRefused.Kind.NOT_FOUND, "REQUEST_NOT_FOUND", "no invoice request " + billKey);
            }
            return new RequestStatus(
                    billKey.toString(), billKey.billId(), "RECEIVED", null, null, null, statusUrl, null);
        }
        if (!bill.billCode().equals(InvoiceRequest.ENVELOPE_BILL_CODE)) {
            throw new RequestRefused(
                    RequestRefused.Kind.NOT_FOUND, "REQUEST_NOT_FOUND", billKey + " is a bill, not an invoice request");
        }
        List<String> reasons =
                bill.verification() == null || bill.verification().reasonCodes().isEmpty()
                        ? null
                        : bill.verification().reasonCodes();
        String number = bill.invoiceNumber();
        return new RequestStatus(
                billKey.toString(),
                billKey.billId(),
                bill.state().name(),
                reasons,
                number,
                stored.map(Stored::transactionId).orElse(bill.submitted().txId()),
                statusUrl,
                number == null ? null : "/v1/invoices/" + number);
    }

    private void submit(BillKey billKey, Stored stored) throws LedgerException {
        SealedBill sealed;
        try {
            sealed = SealedBill.fromJson(stored.sealedBill().getBytes(StandardCharsets.UTF_8));
        } catch (ProtocolException e) {
            throw new IllegalStateException("stored sealed request " + billKey + " does not parse", e);
        }
        Recorded<BillRecord> recorded = ledger.submitBill(sealed);
        jdbc.sql("""
                UPDATE invoice_request SET state = 'SUBMITTED', transaction_id = :tx, submitted_at = :now
                WHERE bill_key = :billKey AND state = 'RECEIVED'""")
                .param("tx", recorded.transactionId())
                .param("now", now())
                .param("billKey", billKey.toString())
                .update();
        LOG.info("invoice request {} submitted, tx {}", billKey, recorded.transactionId());
    }

    private SealedBill seal(InvoiceRequest request) throws ProtocolException {
        try {
            return BillSealer.seal(request, key.signer(), List.of(financeCertificate(), key.certificate()));
        } catch (KeyUnavailable e) {
            throw new IllegalStateException("the issuer's key cannot sign: " + e.getMessage(), e);
        }
    }

    private X509Certificate financeCertificate() {
        if (properties.financeCertificate() == null) {
            throw new RequestRefused(
                    RequestRefused.Kind.UNAVAILABLE,
                    "REQUESTS_NOT_CONFIGURED",
                    "this issuer API has no "
                            + "finance bureau certificate (fapiao.issuer.requests.finance-certificate), so it cannot seal "
                            + "invoice requests for verification");
        }
        try {
            return Pem.certificate(Files.readString(properties.financeCertificate()));
        } catch (IOException | ProtocolException e) {
            throw new IllegalStateException(
                    "fapiao.issuer.requests.finance-certificate " + properties.financeCertificate()
                            + " is not a readable PEM certificate",
                    e);
        }
    }

    private Optional<Stored> find(BillKey billKey) {
        return jdbc.sql("""
                SELECT client_key_id, request_hash, sealed_bill, state, transaction_id
                FROM invoice_request WHERE bill_key = :billKey""")
                .param("billKey", billKey.toString())
                .query((rs, i) ->
                        new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .optional();
    }

    private record Stored(
            String clientKeyId, String requestHash, String sealedBill, String state, String transactionId) {}

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
