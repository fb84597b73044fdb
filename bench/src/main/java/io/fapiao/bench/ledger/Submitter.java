package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Ledger;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Signer;

/**
 * One registered submitter of the bench: its USCC, the identity pinned to it (a HospitalOrg client
 * certificate with {@code role=hospital} and {@code uscc=<uscc>}), that identity's bill-sealing signer
 * (the same key: the chaincode accepts bills signed by the caller's certificate), its own gateway
 * connection to the Fapiao contract and the one its put-state floor transactions go through (the same
 * connection on the embedded node, where the floor contract sits beside the Fapiao contract; the
 * {@code floor} chaincode's on Fabric).
 *
 * <pre>{@code
 * Committed done = submitter.ledger().submit("SubmitBill", sealedBillJson);
 * Committed floor = submitter.floor().submit(FloorContract.PUT_STATE, "0123abcd");
 * }</pre>
 */
public record Submitter(String uscc, Identity identity, Signer sealer, Ledger ledger, Ledger floor) {

    /** Closes its connection(s). */
    void close() {
        ledger.close();
        if (floor != ledger) {
            floor.close();
        }
    }
}
