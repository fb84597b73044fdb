package io.fapiao.development;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.crypto.CertificateTrust;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The development platform's GM material: generated once, certified by its own CA, keys kept private. */
class GmMaterialTest {
    @TempDir
    Path dir;

    @Test
    void everySubmitterGetsASealTheGmCaCertifiesAndTheMaterialIsNotRegenerated() throws Exception {
        GmMaterial gm = GmMaterial.openOrCreate(dir.resolve("gm"), DevelopmentConsortiumPlan.SUBMITTERS.keySet());

        X509Certificate ca = Pem.certificate(Files.readString(gm.caCertificate()));
        CertificateTrust trust = CertificateTrust.of(List.of(ca));
        assertThat(gm.sealCertificates()).containsOnlyKeys(DevelopmentConsortiumPlan.SUBMITTERS.keySet());
        for (String uscc : DevelopmentConsortiumPlan.SUBMITTERS.keySet()) {
            assertThat(gm.seal(uscc).suite()).isEqualTo(CryptoSuite.GM);
            trust.check(gm.seal(uscc).certificate(), Instant.now());
            assertThat(PosixFilePermissions.toString(
                            Files.getPosixFilePermissions(gm.sealDirectory(uscc).resolve("key.pem"))))
                    .isEqualTo("rw-------");
        }

        GmMaterial reopened = GmMaterial.openOrCreate(gm.directory(), List.of("91350100M000100Y43"));
        assertThat(reopened.sealCertificates()).isEqualTo(gm.sealCertificates());
    }
}
