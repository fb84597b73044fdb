package io.fapiao.verifier.audit;

import io.fapiao.ledger.client.LedgerException;
import io.fapiao.ledger.client.provenance.ProvenanceException;
import io.fapiao.ledger.client.provenance.ProvenanceReader;
import io.fapiao.ledger.client.provenance.Timeline;
import io.fapiao.service.problem.ApiProblem;
import io.fapiao.service.security.ServiceClient;
import io.fapiao.verifier.VerifierAccess;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The auditor's API: the provenance timeline of a bill or invoice, and its offline proof bundle.
 * {@code key} is a bill key {@code <uscc>:<billId>} or an invoice number. Errors are problem+json:
 * {@code MALFORMED_KEY} (400), the contract's {@code NOT_FOUND} (404), {@code LEDGER_INCONSISTENT} (502),
 * and service-common's ledger codes.
 *
 * <pre>{@code
 * GET /v1/provenance/44010126-0000000042         -> {"billKey":..., "invoiceNumber":..., "steps":[...]}
 * GET /v1/provenance/44010126-0000000042/proof   -> proof-44010126-0000000042.json (fapiao verify-proof)
 * }</pre>
 */
@RestController
@RequestMapping("/v1/provenance")
class ProvenanceController {

    private final ProvenanceReader reader;

    ProvenanceController(ProvenanceReader reader) {
        this.reader = reader;
    }

    @GetMapping("/{key}")
    Timeline timeline(@AuthenticationPrincipal ServiceClient client, @PathVariable String key) throws LedgerException {
        try {
            return visible(client, key, reader.timeline(key));
        } catch (ProvenanceException e) {
            throw problem(e);
        }
    }

    @GetMapping("/{key}/proof")
    ResponseEntity<byte[]> proof(@AuthenticationPrincipal ServiceClient client, @PathVariable String key)
            throws LedgerException {
        byte[] bundle;
        try {
            if (!client.has(VerifierAccess.AUDITOR)) {
                visible(client, key, reader.timeline(key));
            }
            bundle = reader.proofBundle(key).toJson();
        } catch (ProvenanceException e) {
            throw problem(e);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename("proof-" + key.replaceAll("[^A-Za-z0-9._-]", "_") + ".json")
                .build());
        return new ResponseEntity<>(bundle, headers, HttpStatus.OK);
    }

    /**
     * An auditor sees every bill; a submitter only its own, and another's is answered as if the ledger
     * had nothing under the key, so that a submitter cannot learn which of others' bills exist.
     */
    private static Timeline visible(ServiceClient client, String key, Timeline timeline) {
        if (client.has(VerifierAccess.AUDITOR)) {
            return timeline;
        }
        String billKey = timeline.billKey();
        int colon = billKey == null ? -1 : billKey.indexOf(':');
        if (colon < 0 || !client.actsFor(billKey.substring(0, colon))) {
            throw new ApiProblem(
                    HttpStatus.NOT_FOUND,
                    "NOT_FOUND",
                    "nothing on the ledger under " + key + " that this client may read");
        }
        return timeline;
    }

    private static ApiProblem problem(ProvenanceException e) {
        return switch (e.reason()) {
            case MALFORMED_KEY -> new ApiProblem(HttpStatus.BAD_REQUEST, "MALFORMED_KEY", e.getMessage());
            case INCONSISTENT_LEDGER ->
                new ApiProblem(
                        HttpStatus.BAD_GATEWAY,
                        "LEDGER_INCONSISTENT",
                        "the ledger's history and blocks disagree (" + e.getMessage()
                                + "); report it to the ledger's operator",
                        e);
        };
    }
}
