package io.fapiao.cli.document;

/**
 * The forms of an invoice document {@code verify-document} reads, told apart by their first bytes.
 *
 * <pre>{@code
 * DocumentForm form = DocumentForm.of(Files.readAllBytes(file));   // PDF, OFD, RECORD or UNKNOWN
 * }</pre>
 */
public enum DocumentForm {
    /** PDF/A-3 with the record as an associated file and the issuer's PAdES signature. */
    PDF,
    /** OFD (a ZIP package, GB/T 33190) with the record attached and the issuer's e-seal. */
    OFD,
    /** The signed record itself (canonical JSON), as {@code Accept: application/json} serves it. */
    RECORD,
    UNKNOWN;

    public static DocumentForm of(byte[] bytes) {
        if (startsWith(bytes, "%PDF-")) {
            return PDF;
        }
        if (startsWith(bytes, "PK\u0003\u0004")) {
            return OFD;
        }
        if (startsWith(bytes, "{")) {
            return RECORD;
        }
        return UNKNOWN;
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        if (bytes.length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (bytes[i] != (byte) prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
