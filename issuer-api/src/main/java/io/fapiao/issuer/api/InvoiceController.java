package io.fapiao.issuer.api;

import io.fapiao.issuer.auth.ClientRole;
import io.fapiao.issuer.auth.RegisteredClient;
import io.fapiao.issuer.document.DocumentFormat;
import io.fapiao.issuer.document.Documents;
import io.fapiao.issuer.document.StoredDocument;
import io.fapiao.issuer.issuance.Invoice;
import io.fapiao.issuer.issuance.Invoices;
import io.fapiao.issuer.issuance.Issuance;
import io.fapiao.issuer.issuance.IssuanceState;
import io.fapiao.issuer.issuance.IssuanceStatus;
import io.fapiao.issuer.issuance.ReversalStatus;
import io.fapiao.issuer.rendering.DocumentDownloads;
import io.fapiao.issuer.requests.InvoiceRequests;
import io.fapiao.issuer.requests.RequestStatus;
import io.fapiao.ledger.client.LedgerException;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.InvoiceRequest;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.service.problem.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The invoice endpoints: issue (from a verified bill, or an enterprise's own invoice request), read,
 * download the document, reverse. Thin: the engine ({@link Issuance}, {@link Invoices},
 * {@link Documents}, {@link DocumentDownloads}) and {@link InvoiceRequests} do the work; this class checks roles, parses bodies
 * strictly and makes every mutation idempotent ({@link IdempotentRequests}).
 *
 * <pre>{@code
 * POST /v1/invoices                      {"billKey": "..."} → 201 invoice | {"invoiceRequest": {...}} → 202 status
 * GET  /v1/invoices/{number}             the invoice
 * GET  /v1/invoices/{number}/document    PDF; Accept: application/json → the signed JSON record; application/ofd
 *                                        → OFD (or ?format=pdf|ofd|json); 202 + Retry-After while being rendered
 * POST /v1/invoices/{number}/reversal    {"reasonCode": "SALES_RETURN"} → the red-letter invoice
 * }</pre>
 */
@RestController
@Tag(name = "invoices", description = "Issue, read, download and reverse invoices")
public class InvoiceController {
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The OFD's media type (GB/T 33190 names none; this is the one in use). */
    static final String OFD_VALUE = "application/ofd";

    private final Issuance issuance;
    private final Invoices invoices;
    private final Documents documents;
    private final DocumentDownloads downloads;
    private final InvoiceRequests requests;
    private final IdempotentRequests idempotency;

    public InvoiceController(
            Issuance issuance,
            Invoices invoices,
            Documents documents,
            DocumentDownloads downloads,
            InvoiceRequests requests,
            IdempotentRequests idempotency) {
        this.issuance = issuance;
        this.invoices = invoices;
        this.documents = documents;
        this.downloads = downloads;
        this.requests = requests;
        this.idempotency = idempotency;
    }

    @PostMapping(
            path = "/v1/invoices",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Issue an invoice",
            description = "{\"billKey\"}: role issuer; issues a bill the finance bureau VERIFIED (201, the invoice). "
                    + "{\"invoiceRequest\"}: role enterprise; the issuer seals the request and submits it for the finance "
                    + "bureau's verification, then issues it (202, the request's status). Idempotency-Key required.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = IssueInvoiceRequest.class))),
            responses = {
                @ApiResponse(
                        responseCode = "201",
                        description = "issued",
                        content = @Content(schema = @Schema(implementation = InvoiceView.class))),
                @ApiResponse(
                        responseCode = "202",
                        description = "invoice request accepted",
                        content = @Content(schema = @Schema(implementation = RequestStatus.class)))
            })
    public ResponseEntity<String> issue(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client,
            @Parameter(description = "a fresh unique key; retries reuse it", required = true)
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    String idempotencyKey,
            @RequestBody byte[] body)
            throws Exception {
        JsonNode tree = Json.readTree(body);
        if (!tree.isObject() || tree.size() != 1 || !(tree.has("billKey") ^ tree.has("invoiceRequest"))) {
            throw new ApiProblem(
                    HttpStatus.UNPROCESSABLE_CONTENT,
                    "INVALID_REQUEST",
                    "the body must hold exactly one of billKey (issue a verified bill) or invoiceRequest");
        }
        if (tree.has("billKey")) {
            client.requireRole(ClientRole.ISSUER);
            BillKey billKey = billKey(tree.get("billKey"));
            return IdempotentResponses.of(
                    idempotency.execute(client, idempotencyKey, "POST /v1/invoices", tree, () -> issued(billKey)));
        }
        client.requireRole(ClientRole.ENTERPRISE);
        InvoiceRequest request = Json.bind(tree.get("invoiceRequest"), InvoiceRequest.class);
        return IdempotentResponses.of(idempotency.execute(client, idempotencyKey, "POST /v1/invoices", tree, () -> {
            RequestStatus status = requests.accept(client, request);
            return IdempotentRequests.Outcome.json(HttpStatus.ACCEPTED.value(), status.statusUrl(), status);
        }));
    }

    private IdempotentRequests.Outcome issued(BillKey billKey) throws Exception {
        IssuanceStatus status = issuance.issue(billKey);
        if (status.state() != IssuanceState.ISSUED) {
            throw new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "ISSUANCE_PENDING",
                    "bill " + billKey + " is " + status.state() + "; retry with the same Idempotency-Key");
        }
        Invoice invoice = invoices.find(status.invoiceNumber())
                .orElseThrow(() -> new IllegalStateException(
                        "issued invoice " + status.invoiceNumber() + " is not in this service's records"));
        return IdempotentRequests.Outcome.json(
                HttpStatus.CREATED.value(), "/v1/invoices/" + invoice.invoiceNumber(), InvoiceView.of(invoice));
    }

    @GetMapping(path = "/v1/invoices/{number}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "An invoice with its current state on the ledger",
            description = "Roles issuer and claimant: any invoice; enterprise: invoices of its own seller USCC.")
    public InvoiceView invoice(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client, @PathVariable String number)
            throws LedgerException {
        return InvoiceView.of(readable(client, number));
    }

    @GetMapping(
            path = "/v1/invoices/{number}/document",
            produces = {MediaType.APPLICATION_PDF_VALUE, OFD_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(
            summary = "The invoice document",
            description = "The format is the query parameter format (pdf, ofd, json) or else the Accept header: "
                    + "application/json is the signed JSON record itself, whose SHA-256 is the ledger's documentHash "
                    + "(ETag: that hash); application/pdf, */* or none the PDF, application/ofd the OFD (ETag: the "
                    + "rendition's own SHA-256), each carrying the signed record and sealed by the issuer. Renditions "
                    + "are made after issuance: one not made yet is waited for briefly, then answered 202 "
                    + "DOCUMENT_RENDERING with Retry-After; ask again then. A format this issuer does not make for "
                    + "this invoice (OFD needs a GM invoice's SM2 key) is 406 FORMAT_UNAVAILABLE, naming the formats "
                    + "available.",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "the document; ETag: documentHash for JSON, the rendition's SHA-256 otherwise",
                        content = {
                            @Content(
                                    mediaType = MediaType.APPLICATION_PDF_VALUE,
                                    schema = @Schema(type = "string", format = "binary")),
                            @Content(mediaType = OFD_VALUE, schema = @Schema(type = "string", format = "binary")),
                            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object"))
                        }),
                @ApiResponse(
                        responseCode = "202",
                        description = "DOCUMENT_RENDERING: the rendition is being made; ask again after Retry-After "
                                + "seconds",
                        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                @ApiResponse(
                        responseCode = "404",
                        description = "INVOICE_NOT_FOUND, DOCUMENT_NOT_FOUND",
                        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                @ApiResponse(
                        responseCode = "406",
                        description = "FORMAT_UNAVAILABLE: not made for this invoice; the problem's formats member "
                                + "lists those that are",
                        content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))
            })
    public ResponseEntity<?> document(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client,
            @PathVariable String number,
            @Parameter(description = "pdf, ofd or json; overrides Accept")
                    @RequestParam(name = "format", required = false)
                    String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept)
            throws LedgerException {
        Invoice invoice = readable(client, number);
        String wanted = format != null ? format.toLowerCase(Locale.ROOT) : DocumentRequest.fromAccept(accept);
        StoredDocument stored = documents
                .issued(number)
                .orElseThrow(() -> new ApiProblem(
                        HttpStatus.NOT_FOUND,
                        "DOCUMENT_NOT_FOUND",
                        "this service holds no document for invoice " + number + " (it was issued elsewhere)"));
        if (wanted.equals(DocumentRequest.JSON)) {
            return ResponseEntity.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            "inline; filename=\"" + invoice.invoiceNumber() + ".json\"")
                    .header(HttpHeaders.ETAG, "\"" + invoice.documentHash() + "\"")
                    .body(stored.signedJson());
        }
        Optional<DocumentFormat> rendered = DocumentRequest.format(wanted);
        if (rendered.isEmpty()) {
            throw DocumentRequest.unavailable(number, wanted, downloads.available(stored));
        }
        DocumentDownloads.Download download = downloads.fetch(stored, rendered.get());
        return switch (download) {
            case DocumentDownloads.Ready ready ->
                ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(
                                ready.rendition().format().mediaType()))
                        .header(
                                HttpHeaders.CONTENT_DISPOSITION,
                                "attachment; filename=\"" + invoice.invoiceNumber()
                                        + ready.rendition().format().extension() + "\"")
                        .header(HttpHeaders.ETAG, "\"" + ready.rendition().sha256() + "\"")
                        .body(ready.rendition().content());
            case DocumentDownloads.Pending pending -> DocumentRequest.rendering(number, wanted, pending.retryAfter());
            case DocumentDownloads.Unavailable unavailable ->
                throw DocumentRequest.unavailable(number, wanted, unavailable.available());
        };
    }

    @PostMapping(
            path = "/v1/invoices/{number}/reversal",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Reverse an invoice with a red-letter invoice",
            description = "Role issuer. A claimed invoice cannot be reversed (409). Idempotency-Key required.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = @Content(schema = @Schema(implementation = ReversalRequest.class))),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "reversed",
                            content = @Content(schema = @Schema(implementation = ReversalView.class))))
    public ResponseEntity<String> reverse(
            @Parameter(hidden = true) @AuthenticationPrincipal RegisteredClient client,
            @Parameter(description = "a fresh unique key; retries reuse it", required = true)
                    @RequestHeader(name = IDEMPOTENCY_KEY, required = false)
                    String idempotencyKey,
            @PathVariable String number,
            @RequestBody byte[] body)
            throws Exception {
        client.requireRole(ClientRole.ISSUER);
        ReversalRequest request = Json.read(body, ReversalRequest.class);
        return IdempotentResponses.of(idempotency.execute(
                client, idempotencyKey, "POST /v1/invoices/" + number + "/reversal", request, () -> {
                    ReversalStatus reversal = issuance.reverse(number, request.reasonCode());
                    if (reversal.state() != IssuanceState.ISSUED) {
                        throw new ApiProblem(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "REVERSAL_PENDING",
                                "the reversal of " + number + " is " + reversal.state()
                                        + "; retry with the same Idempotency-Key");
                    }
                    return IdempotentRequests.Outcome.json(
                            HttpStatus.OK.value(),
                            "/v1/invoices/" + reversal.redInvoiceNumber(),
                            ReversalView.of(reversal));
                }));
    }

    /** The invoice, if this client may read it. */
    private Invoice readable(RegisteredClient client, String number) throws LedgerException {
        client.requireRole(ClientRole.ISSUER, ClientRole.CLAIMANT, ClientRole.ENTERPRISE);
        Invoice invoice = invoices.current(number)
                .orElseThrow(() -> new ApiProblem(
                        HttpStatus.NOT_FOUND, "INVOICE_NOT_FOUND", "this issuer has no invoice " + number));
        if (!client.has(ClientRole.ISSUER)
                && !client.has(ClientRole.CLAIMANT)
                && (invoice.billKey() == null
                        || !BillKey.parse(invoice.billKey()).uscc().equals(client.uscc()))) {
            // the same answer as for an unknown number: an enterprise does not learn others' numbers
            throw new ApiProblem(HttpStatus.NOT_FOUND, "INVOICE_NOT_FOUND", "this issuer has no invoice " + number);
        }
        return invoice;
    }

    private static BillKey billKey(JsonNode node) throws ProtocolException {
        if (node == null || !node.isString()) {
            throw new ApiProblem(
                    HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_REQUEST", "billKey must be a string <uscc>:<billId>");
        }
        try {
            return BillKey.parse(node.stringValue());
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "INVALID_REQUEST", e.getMessage());
        }
    }
}
