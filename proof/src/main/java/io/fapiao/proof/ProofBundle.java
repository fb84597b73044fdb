package io.fapiao.proof;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.json.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A self-contained proof of a bill's (and its invoice's) history: the sealed bill, each ledger step
 * with the record it wrote, the Fabric blocks holding those transactions with their orderer
 * signatures, the channel's configuration blocks (block 0 and any later ones those blocks were
 * ordered under) and the CA certificates everything chains to.
 * Written as canonical JSON (RFC 8785), bytes as unpadded base64url; docs/proof.md describes each
 * field. {@link ProofVerifier} checks it with no network access.
 *
 * <pre>{@code
 * byte[] json = bundle.toJson();
 * ProofReport report = ProofVerifier.unpinned().verify(json);
 * }</pre>
 *
 * @param format      {@value #FORMAT}
 * @param subject     the bill (and invoice number, once issued) the bundle is about
 * @param channel     the channel the blocks belong to
 * @param chaincode   the chaincode (write-set namespace) of the steps
 * @param authorities the CA certificates of the channel's organisations, as its configuration blocks list them
 * @param blocks      Fabric {@code common.Block} bytes, base64url, by ascending number; the first is the genesis
 *                    config block 0, later config blocks the others need are among them
 * @param sealedBill  the sealed bill envelope, as SubmitBill stored it
 * @param steps       the ledger transactions of the history, in ledger order
 * @param documents   optional documents whose SHA-256 the ledger holds (the invoice document); absent when none
 */
public record ProofBundle(
        String format,
        Subject subject,
        String channel,
        String chaincode,
        List<Authority> authorities,
        List<String> blocks,
        JsonNode sealedBill,
        List<Step> steps,
        List<Document> documents) {

    /** The one format this version writes and reads. */
    public static final String FORMAT = "fapiao.proof.v1";

    /**
     * What the bundle proves the history of.
     *
     * @param billKey       {@code <uscc>:<billId>}
     * @param invoiceNumber the blue invoice issued for it, absent before issuance
     */
    public record Subject(String billKey, String invoiceNumber) {}

    /**
     * A certificate authority of one organisation.
     *
     * @param mspId       the organisation's MSP id
     * @param certificate the CA certificate, DER, base64url
     */
    public record Authority(String mspId, String certificate) {}

    /**
     * One ledger transaction of the history.
     *
     * @param function    the contract function the transaction called, as in its proposal
     * @param txId        the Fabric transaction id
     * @param blockNumber the block holding it
     * @param record      the record it wrote: the bill record, invoice record, claim or anchored document
     */
    public record Step(String function, String txId, long blockNumber, JsonNode record) {}

    /**
     * A document whose hash the ledger holds.
     *
     * @param kind    {@code invoice} (the issuance's documentHash) or {@code reversal} (the red-letter document)
     * @param content the document's bytes, base64url
     */
    public record Document(String kind, String content) {}

    /** The bundle's canonical JSON. */
    public byte[] toJson() {
        return CanonicalJson.encode(this);
    }

    /**
     * Reads a bundle without checking anything but its JSON shape; {@link ProofVerifier} does the rest.
     *
     * @throws ProtocolException MALFORMED when the bytes are not a bundle document
     */
    public static ProofBundle fromJson(byte[] json) throws ProtocolException {
        return Json.read(json, ProofBundle.class);
    }
}
