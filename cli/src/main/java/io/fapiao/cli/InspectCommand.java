package io.fapiao.cli;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.seal.Recipient;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.protocol.seal.SealedBillHeader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Shows what anyone can check of a sealed bill without a key: the header, the header digest, the
 * signer and the signature, and whom it is sealed for. Exits 1 with the refusal code otherwise.
 */
@Command(name = "inspect", description = "Show a sealed bill's header and check its digest and signature.")
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "a sealed bill (JSON wire form)")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try {
            SealedBill sealed = SealedBill.fromJson(Files.readAllBytes(file));
            SealedBillHeader header = sealed.header();
            out.printf("format     v%d, suite %s%n", header.version(), header.suite());
            out.printf(
                    "bill       %s / %s, code %s, issued %s%n",
                    header.issuerId(), header.billId(), header.billCode(), header.issuedAt());
            X509Certificate signer = sealed.checkSignature();
            out.printf("digest     %s (matches the header)%n", header.headerDigest());
            out.printf(
                    "signed by  %s%n           issued by %s%n           signature valid%n",
                    signer.getSubjectX500Principal(), signer.getIssuerX500Principal());
            for (Recipient recipient : sealed.recipients()) {
                out.printf("sealed for %s%n", recipient.fingerprint());
            }
            return 0;
        } catch (ProtocolException e) {
            spec.commandLine().getErr().println("refused: " + e.getMessage());
            return 1;
        }
    }
}
