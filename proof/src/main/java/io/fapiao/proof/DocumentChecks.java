package io.fapiao.proof;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.json.Base64Url;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The content check family, {@code document[kind].sha256}: each document the bundle includes (the
 * invoice, the reversal) hashes to the SHA-256 its ledger record holds.
 *
 * <pre>{@code
 * new DocumentChecks(bundle.documents(), Map.of("invoice", recordedHash)).check(checks);
 * }</pre>
 */
record DocumentChecks(List<ProofBundle.Document> documents, Map<String, String> recordedHashes) {

    /**
     * @param documents      the bundle's documents; null when it includes none
     * @param recordedHashes hex SHA-256 by document kind, as the step records hold them
     */
    DocumentChecks {
        // Not List.copyOf or Map.copyOf: a null (a record without a hash) must stay a failed check, not an exception.
        documents = documents == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(documents));
        recordedHashes = Collections.unmodifiableMap(new HashMap<>(recordedHashes));
    }

    void check(Checks checks) {
        for (ProofBundle.Document document : documents) {
            String name = "document[" + document.kind() + "].sha256";
            String expected = document.kind() == null ? null : recordedHashes.get(document.kind());
            if (expected == null) {
                checks.fail(name, "no step of the bundle records a hash for a document of kind " + document.kind());
                continue;
            }
            try {
                String actual = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(Base64Url.decode("document.content", document.content())));
                checks.check(
                        actual.equals(expected),
                        name,
                        "SHA-256 " + actual + " as recorded on the ledger",
                        "SHA-256 " + actual + ", the ledger records " + expected);
            } catch (ProtocolException | NoSuchAlgorithmException e) {
                checks.fail(name, e.getMessage());
            }
        }
    }
}
