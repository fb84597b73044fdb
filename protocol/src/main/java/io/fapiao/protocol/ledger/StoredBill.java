package io.fapiao.protocol.ledger;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.CanonicalJson;
import io.fapiao.protocol.seal.SealedBill;
import tools.jackson.databind.JsonNode;

/**
 * What {@code GetBill} returns: the bill record and the sealed bill exactly as the ledger stores it
 * (canonical JSON). The finance verifier opens the envelope from here.
 *
 * <pre>{@code
 * StoredBill stored = Json.read(result, StoredBill.class);
 * SealedBill envelope = stored.envelope();   // parsed and structurally checked
 * }</pre>
 *
 * @param bill       the bill record
 * @param sealedBill the sealed bill's JSON as stored
 */
public record StoredBill(BillRecord bill, JsonNode sealedBill) {

    /** The stored envelope as a {@link SealedBill}; fails as {@link SealedBill#fromJson(byte[])} does. */
    public SealedBill envelope() throws ProtocolException {
        return SealedBill.fromJson(CanonicalJson.encode(sealedBill));
    }
}
