package io.fapiao.cli;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.seal.BillOpener;
import io.fapiao.protocol.seal.OpenedBill;
import io.fapiao.protocol.seal.SealedBill;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Seals realistic bills of two hospitals under both suites for the finance bureau and the issuer,
 * opens each as both recipients, then shows three ways a bill is refused. Keys and CAs are made in
 * memory for the run; nothing touches a ledger yet.
 */
@Command(
        name = "envelope-demo",
        description =
                "Seal and open sample bills under both crypto suites, and tamper with one (no ledger, no services).")
final class EnvelopeDemoCommand implements Callable<Integer> {
    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "also write each sealed bill and the hospital CA certificates here, for `fapiao inspect`")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws ProtocolException, IOException {
        PrintWriter console = spec.commandLine().getOut();
        console.println("Fapiao protocol demo: a development consortium made in memory for this run.");
        console.println();
        console.printf(
                "%-38s %-5s %6s  %-8s %-8s %s%n",
                "bill (issuer USCC / bill id)", "suite", "bytes", "finance", "issuer", "total");
        SealedBill lastSealed = null;
        Consortium lastConsortium = null;
        for (CryptoSuite suite : CryptoSuite.values()) {
            Consortium consortium = Consortium.create(suite);
            for (int hospital = 0; hospital < 2; hospital++) {
                String uscc = SampleBills.uscc(100 + hospital);
                for (Bill bill : List.of(
                        SampleBills.outpatient(hospital * 10 + 1, uscc),
                        SampleBills.inpatient(hospital * 10 + 2, uscc))) {
                    SealedBill sealed = io.fapiao.protocol.seal.BillSealer.seal(
                            bill, consortium.hospitals().get(hospital).signer(), consortium.recipients());
                    byte[] wire = sealed.toJson();
                    OpenedBill byFinance =
                            consortium.opener().open(wire, consortium.finance().recipientKey());
                    OpenedBill byIssuer =
                            consortium.opener().open(wire, consortium.issuer().recipientKey());
                    console.printf(
                            "%-38s %-5s %6d  %-8s %-8s ¥%s%n",
                            uscc + " / " + bill.billId(),
                            suite,
                            wire.length,
                            byFinance.bill().equals(bill) ? "opened" : "DIFFERS",
                            byIssuer.bill().equals(bill) ? "opened" : "DIFFERS",
                            yuan(bill.total()));
                    write(suite + "-" + bill.billId() + ".json", wire);
                    lastSealed = sealed;
                    lastConsortium = consortium;
                }
            }
            if (out != null) {
                String cas = Pem.certificate(consortium.hospitalCa().certificate());
                write(suite + "-hospital-ca.pem", cas.getBytes(StandardCharsets.US_ASCII));
            }
        }

        console.println();
        console.println("Tampering with the last sealed bill:");
        byte[] wire = lastSealed.toJson();
        String text = new String(wire, StandardCharsets.UTF_8);
        int ciphertext = text.indexOf("\"ciphertext\":\"") + 20;
        byte[] flipped = wire.clone();
        flipped[ciphertext] = (byte) (flipped[ciphertext] == 'A' ? 'B' : 'A');
        refuse(console, "one character of the ciphertext changed", lastConsortium, flipped, false);
        byte[] renamed = text.replace(
                        lastSealed.header().billId(), lastSealed.header().billId() + "X")
                .getBytes(StandardCharsets.UTF_8);
        refuse(console, "the bill id in the header changed", lastConsortium, renamed, false);
        refuse(console, "opened by a party it was not sealed for", lastConsortium, wire, true);
        if (out != null) {
            console.printf(
                    "%nSealed bills written to %s; try: ./fapiao inspect %s%n",
                    out,
                    out.resolve(lastSealed.header().suite() + "-"
                            + lastSealed.header().billId() + ".json"));
        }
        return 0;
    }

    private void refuse(PrintWriter console, String what, Consortium consortium, byte[] wire, boolean stranger)
            throws ProtocolException {
        Identity reader = stranger ? consortium.hospitals().get(0) : consortium.finance();
        try {
            consortium.opener().open(wire, reader.recipientKey());
            console.printf("  %-42s -> ACCEPTED (this is a bug)%n", what);
        } catch (ProtocolException e) {
            console.printf("  %-42s -> refused: %s%n", what, e.code());
        }
    }

    private void write(String name, byte[] content) throws IOException {
        if (out != null) {
            Files.createDirectories(out);
            Files.write(out.resolve(name), content);
        }
    }

    private static String yuan(long fen) {
        return String.format("%d.%02d", fen / 100, fen % 100);
    }

    /** One suite's CAs and identities: two hospitals, the finance bureau and the issuer. */
    record Consortium(CertificateAuthority hospitalCa, List<Identity> hospitals, Identity finance, Identity issuer) {
        static Consortium create(CryptoSuite suite) {
            // Sample bills are dated 2024 and 2025; the consortium must have been valid then.
            Instant from = Instant.parse("2020-01-01T00:00:00Z");
            Instant until = Instant.now().plus(Duration.ofDays(3650));
            CertificateAuthority hospitalCa =
                    CertificateAuthority.create(suite, "HospitalOrg", "ca.hospital", from, until);
            CertificateAuthority financeCa =
                    CertificateAuthority.create(suite, "FinanceOrg", "ca.finance", from, until);
            CertificateAuthority issuerCa = CertificateAuthority.create(suite, "IssuerOrg", "ca.issuer", from, until);
            return new Consortium(
                    hospitalCa,
                    List.of(
                            hospitalCa.issue(client("his.hospital-a", "hospital", from, until)),
                            hospitalCa.issue(client("his.hospital-b", "hospital", from, until))),
                    financeCa.issue(client("verifier.finance", "finance", from, until)),
                    issuerCa.issue(client("issuer", "issuer", from, until)));
        }

        private static IdentityProfile client(String name, String role, Instant from, Instant until) {
            return IdentityProfile.named(name)
                    .withUnit("client")
                    .withAttribute("role", role)
                    .validBetween(from, until);
        }

        List<java.security.cert.X509Certificate> recipients() {
            return List.of(finance.certificate(), issuer.certificate());
        }

        BillOpener opener() {
            return BillOpener.trusting(CertificateTrust.of(List.of(hospitalCa.certificate())));
        }
    }
}
