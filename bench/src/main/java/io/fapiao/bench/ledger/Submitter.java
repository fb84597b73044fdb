package io.fapiao.bench.ledger;

import io.fapiao.ledger.client.Ledger;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Signer;

/**
 * One registered submitter of the bench: its USCC, the identity pinned to it (a HospitalOrg client
 * certificate with {@code role=hospital} and {@code uscc=<uscc>}), that identity's bill-sealing signer
 * (the same key: the chaincode accepts bills signed by the caller's certificate) and its own gateway
 * connection.
 *
 * <pre>{@code
 * Committed done = submitter.ledger().submit("SubmitBill", sealedBillJson);
 * }</pre>
 */
public record Submitter(String uscc, Identity identity, Signer sealer, Ledger ledger) {
}
