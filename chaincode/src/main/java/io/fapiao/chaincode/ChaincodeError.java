package io.fapiao.chaincode;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hyperledger.fabric.shim.ChaincodeException;

/**
 * The stable codes of every rejection the Fapiao contract makes. A rejection is a
 * {@link ChaincodeException} whose message starts with the code and a colon (the Fabric Gateway
 * forwards only the message to clients) and whose payload is the code's UTF-8 bytes. Codes are part
 * of the wire contract: never renamed, never reused. {@code docs/chaincode.md} says what each means and
 * what the caller should do.
 *
 * <pre>{@code
 * throw ChaincodeError.NOT_FOUND.exception("bill " + key + " does not exist");
 * // on the client side, from the gateway's error message:
 * Optional<ChaincodeError> code = ChaincodeError.fromMessage(status.getMessage());
 * }</pre>
 */
public enum ChaincodeError {
    /** The caller's identity, role or organisation may not make this call. */
    NOT_AUTHORIZED,
    /** The submitter is not registered, suspended, or outside its qualification window. */
    NOT_QUALIFIED,
    /** A different sealed bill was already submitted under the same (USCC, bill id). */
    BILL_CONFLICT,
    /** The sealed bill's header digest does not match its header fields. */
    HEADER_DIGEST_MISMATCH,
    /** The sealed bill was signed by neither the caller's certificate nor one of its registered seal certificates. */
    SIGNER_MISMATCH,
    /** A signature (envelope, verdict, issuance, reversal, anchor) does not verify. */
    BAD_SIGNATURE,
    /** The record is not in a state that allows this transition. */
    INVALID_STATE,
    /** The invoice number lies in no range the calling issuer reserved. */
    NUMBER_NOT_RESERVED,
    /** The invoice number was already used. */
    NUMBER_USED,
    /** A number range would overlap an existing range of the same series and year. */
    RANGE_OVERLAP,
    /** The series and year have no numbers left for a range of that size. */
    RANGE_EXHAUSTED,
    /** The invoice was already claimed. */
    ALREADY_CLAIMED,
    /** A document with this kind and id was already anchored with a different hash. */
    DOCUMENT_CONFLICT,
    /** No record exists under the given key. */
    NOT_FOUND,
    /** An argument is not of the documented form. */
    MALFORMED;

    /** The exception to throw: message {@code CODE: detail}, payload the code. */
    public ChaincodeException exception(String detail) {
        return new ChaincodeException(name() + ": " + detail, name().getBytes(StandardCharsets.UTF_8));
    }

    /** The code a rejection message starts with, if it starts with one. */
    public static Optional<ChaincodeError> fromMessage(String message) {
        if (message == null) {
            return Optional.empty();
        }
        int colon = message.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String code = message.substring(0, colon);
        for (ChaincodeError error : values()) {
            if (error.name().equals(code)) {
                return Optional.of(error);
            }
        }
        return Optional.empty();
    }

    /** The code of a thrown rejection: from its payload, else from its message. */
    public static Optional<ChaincodeError> of(ChaincodeException exception) {
        byte[] payload = exception.getPayload();
        if (payload != null && payload.length > 0) {
            Optional<ChaincodeError> code = fromMessage(new String(payload, StandardCharsets.UTF_8) + ":");
            if (code.isPresent()) {
                return code;
            }
        }
        return fromMessage(exception.getMessage());
    }
}
