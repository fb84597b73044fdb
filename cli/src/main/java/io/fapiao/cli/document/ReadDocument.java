package io.fapiao.cli.document;

import io.fapiao.proof.ProofCheck;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A document file once read: its form, the checks of its own signature or seal, the signed record it
 * carries (when one was found), and the certificate that signed or sealed the file (when one did).
 *
 * <pre>{@code
 * ReadDocument read = PdfDocument.read(bytes);
 * read.checks().forEach(System.out::println);
 * read.record().ifPresent(record -> ...);
 * }</pre>
 */
public record ReadDocument(
        DocumentForm form, List<ProofCheck> checks, Optional<byte[]> record, Optional<X509Certificate> sealer) {

    public ReadDocument {
        checks = List.copyOf(checks);
        record = record.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> record() {
        return record.map(byte[]::clone);
    }

    /** A passed check of a document's readers. */
    static ProofCheck pass(String name, String detail) {
        return new ProofCheck(name, ProofCheck.Outcome.PASS, detail);
    }

    /** A failed check of a document's readers. */
    static ProofCheck fail(String name, String detail) {
        return new ProofCheck(name, ProofCheck.Outcome.FAIL, detail);
    }
}
