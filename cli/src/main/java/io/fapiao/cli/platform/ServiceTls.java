package io.fapiao.cli.platform;

import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * A service's HTTPS certificate on the one-machine platform: issued for {@code localhost} by the CA of
 * the organisation that runs the service (the same anchors as {@code <home>/trust/}, so a caller that
 * trusts the consortium trusts the service), kept under {@code <home>/tls/<service>/{cert.pem,key.pem}}
 * and issued again when it is missing or within a month of its end.
 *
 * <pre>{@code
 * ServiceTls.Material tls = ServiceTls.openOrCreate(layout.tlsDirectory(PlatformLayout.HIS_ADAPTER), hospitalCa);
 * }</pre>
 */
final class ServiceTls {
    static final String HOST = "localhost";
    private static final Duration VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** The certificate and key files. */
    record Material(Path certificate, Path privateKey) {}

    private ServiceTls() {}

    static Material openOrCreate(Path dir, String service, CertificateAuthority ca) throws IOException {
        Material material = new Material(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        if (current(material.certificate(), ca)) {
            return material;
        }
        Instant now = Instant.now();
        Identity identity = ca.issue(IdentityProfile.named(service)
                .withUnit("service")
                .withDnsName(HOST)
                .validBetween(now.minus(Duration.ofHours(1)), now.plus(VALIDITY)));
        Files.createDirectories(dir);
        Path key = Files.createTempFile(
                dir, "key", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(key, Pem.privateKey(identity.privateKey()));
        Files.move(key, material.privateKey(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // The certificate last: a certificate present means its key is in place.
        Path certificate = Files.createTempFile(dir, "cert", ".tmp");
        Files.writeString(certificate, Pem.certificate(identity.certificate()));
        Files.move(
                certificate,
                material.certificate(),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return material;
    }

    /** Whether the certificate there is the CA's, for {@link #HOST}, and good for another month. */
    private static boolean current(Path file, CertificateAuthority ca) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            var certificate = Pem.certificate(Files.readString(file));
            return certificate.getIssuerX500Principal().equals(ca.certificate().getSubjectX500Principal())
                    && certificate
                            .getNotAfter()
                            .toInstant()
                            .isAfter(Instant.now().plus(RENEW_BEFORE));
        } catch (ProtocolException e) {
            return false;
        }
    }
}
