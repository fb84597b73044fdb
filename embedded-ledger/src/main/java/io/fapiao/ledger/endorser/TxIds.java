package io.fapiao.ledger.endorser;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fabric's transaction id: lower-case hex of SHA-256(nonce · creator). A client cannot choose it, so
 * the ledger's duplicate check catches a replayed transaction.
 *
 * <pre>{@code
 * String expected = TxIds.compute(signatureHeader.getNonce(), signatureHeader.getCreator());
 * }</pre>
 */
public final class TxIds {

    private TxIds() {
    }

    public static String compute(ByteString nonce, ByteString creator) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(nonce.asReadOnlyByteBuffer());
            digest.update(creator.asReadOnlyByteBuffer());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
