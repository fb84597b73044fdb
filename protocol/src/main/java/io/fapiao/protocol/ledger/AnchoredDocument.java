package io.fapiao.protocol.ledger;

/**
 * A document hash anchored on the ledger: accounting-voucher attachments, contracts, anything whose
 * integrity a party wants to prove later without putting the document itself on the ledger.
 *
 * <pre>{@code
 * AnchoredDocument doc = documents.get(caller, "contract", "C-17");
 * boolean same = doc.sha256().equals(sha256Hex(fileBytes));
 * }</pre>
 *
 * @param kind       what the document is
 * @param documentId its id within the kind
 * @param sha256     its SHA-256, 64 lower-case hex digits
 * @param signature  the anchoring party's signature over the {@code fapiao.anchor.v1} statement, base64url DER
 * @param written    who anchored it and when
 */
public record AnchoredDocument(String kind, String documentId, String sha256, String signature, Provenance written) {}
