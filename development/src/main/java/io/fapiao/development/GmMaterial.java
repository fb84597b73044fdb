package io.fapiao.development;

import io.fapiao.ledger.client.IdentityFolder;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The SM2 keys of the development platform's GM suite, which Fabric identities (always P-256) cannot
 * provide: one GM certificate authority, a seal certificate per submitter (registered on the ledger
 * so it may sign that submitter's GM bills) and an encryption certificate each for the finance bureau
 * and the issuer (the recipients of GM bills). Kept as PEM files:
 *
 * <pre>
 * gm/ca.pem, gm/ca.key                         the GM CA (the verifier trusts it)
 * gm/seal/&lt;uscc&gt;/cert.pem, key.pem             a submitter's seal
 * gm/finance/cert.pem, key.pem; gm/issuer/...  the recipients
 * </pre>
 *
 * <pre>{@code
 * GmMaterial gm = GmMaterial.openOrCreate(dataDir.resolve("gm"), DevelopmentConsortiumPlan.SUBMITTERS.keySet());
 * Identity seal = gm.seal(uscc);
 * }</pre>
 */
public final class GmMaterial {
    private final Path dir;

    private GmMaterial(Path dir) {
        this.dir = dir;
    }

    /**
     * Loads the material in {@code dir}, generating it first when the folder does not exist. Generation
     * writes a sibling folder and renames it into place, so a crash never leaves half of it.
     */
    public static GmMaterial openOrCreate(Path dir, Collection<String> submitters) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path staging = dir.resolveSibling(dir.getFileName() + ".generating-" + UUID.randomUUID());
            generate(staging, submitters);
            try {
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, dir);
            }
        }
        return new GmMaterial(dir);
    }

    private static void generate(Path dir, Collection<String> submitters) throws IOException {
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(1));
        Instant to = now.plus(Duration.ofDays(3650));
        CertificateAuthority ca =
                CertificateAuthority.create(CryptoSuite.GM, "Fapiao Development", "Fapiao GM CA", from, to);
        write(dir, "ca", ca.identity());
        for (String uscc : submitters) {
            write(
                    dir.resolve("seal").resolve(uscc),
                    "",
                    ca.issue(IdentityProfile.named("seal " + uscc)
                            .withUnit("seal")
                            .withAttribute("uscc", uscc)
                            .validBetween(from, to)));
        }
        write(
                dir.resolve("finance"),
                "",
                ca.issue(IdentityProfile.named("finance bureau GM")
                        .withUnit("finance")
                        .validBetween(from, to)));
        write(
                dir.resolve("issuer"),
                "",
                ca.issue(IdentityProfile.named("issuer GM").withUnit("issuer").validBetween(from, to)));
    }

    private static void write(Path folder, String name, Identity identity) throws IOException {
        Files.createDirectories(folder);
        String base = name.isEmpty() ? "" : name;
        Path certificate = folder.resolve(base.isEmpty() ? "cert.pem" : base + ".pem");
        Path key = folder.resolve(base.isEmpty() ? "key.pem" : base + ".key");
        Files.writeString(certificate, Pem.certificate(identity.certificate()));
        Files.createFile(key, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, Pem.privateKey(identity.privateKey()));
    }

    /** The folder. */
    public Path directory() {
        return dir;
    }

    /** The GM CA's certificate file. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    /** The folder holding {@code cert.pem} and {@code key.pem} of a submitter's seal. */
    public Path sealDirectory(String uscc) {
        return dir.resolve("seal").resolve(uscc);
    }

    /** The folder holding the finance bureau's GM {@code cert.pem} and {@code key.pem}. */
    public Path financeDirectory() {
        return dir.resolve("finance");
    }

    /** The folder holding the issuer's GM {@code cert.pem} and {@code key.pem}. */
    public Path issuerDirectory() {
        return dir.resolve("issuer");
    }

    /** A submitter's seal identity. */
    public Identity seal(String uscc) throws IOException {
        return IdentityFolder.read(sealDirectory(uscc));
    }

    /** Every submitter's seal certificate, by USCC. */
    public Map<String, X509Certificate> sealCertificates() throws IOException {
        Map<String, X509Certificate> seals = new LinkedHashMap<>();
        try (var folders = Files.list(dir.resolve("seal"))) {
            for (Path folder : folders.sorted().toList()) {
                seals.put(
                        folder.getFileName().toString(),
                        IdentityFolder.read(folder).certificate());
            }
        }
        return seals;
    }

    @Override
    public String toString() {
        return "GmMaterial[" + dir + "]";
    }
}
