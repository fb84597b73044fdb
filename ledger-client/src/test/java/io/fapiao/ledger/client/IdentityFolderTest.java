package io.fapiao.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An identity read back from its folder, and a folder that does not hold one named. */
class IdentityFolderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheCertificateAndKeyOfEitherSuite() throws Exception {
        for (CryptoSuite suite : CryptoSuite.values()) {
            Identity written = CertificateAuthority.create(
                            suite,
                            "HospitalOrg",
                            "ca",
                            Instant.now().minus(Duration.ofDays(1)),
                            Instant.now().plus(Duration.ofDays(1)))
                    .issue(IdentityProfile.named("his"));
            Path folder = Files.createDirectories(dir.resolve(suite.name()));
            Files.writeString(folder.resolve("cert.pem"), Pem.certificate(written.certificate()));
            Files.writeString(folder.resolve("key.pem"), Pem.privateKey(written.privateKey()));

            Identity read = IdentityFolder.read(folder);
            assertThat(read.certificate()).isEqualTo(written.certificate());
            assertThat(read.privateKey().getEncoded())
                    .isEqualTo(written.privateKey().getEncoded());
        }
    }

    @Test
    void aFolderWithoutAUsableIdentityIsNamed() throws Exception {
        Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        Files.writeString(dir.resolve("key.pem"), "not a key");
        assertThatThrownBy(() -> IdentityFolder.read(dir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString());
        assertThatThrownBy(() -> IdentityFolder.read(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }
}
