package io.fapiao.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.service.identity.KeyProperties.KeySourceType;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a service's key from PEM files and from a PKCS#12 store, and the refusals people will meet. */
class KeyMaterialTest {
    private static final Identity HOSPITAL = CertificateAuthority.create(
                    CryptoSuite.INTL,
                    "HospitalOrg",
                    "ca",
                    Instant.now().minus(Duration.ofDays(1)),
                    Instant.now().plus(Duration.ofDays(30)))
            .issue(IdentityProfile.named("hospital1").withAttribute("role", "hospital"));

    @TempDir
    Path dir;

    @Test
    void pemFilesGiveASignerALedgerSignerAndARecipientKey() throws Exception {
        Path certificate = Files.writeString(dir.resolve("cert.pem"), Pem.certificate(HOSPITAL.certificate()));
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.privateKey(HOSPITAL.privateKey()));
        KeyMaterial material =
                KeyMaterial.load(new KeyProperties(KeySourceType.PEM, certificate, key, null, null, null));

        byte[] message = "header digest".getBytes(StandardCharsets.UTF_8);
        assertThat(CryptoSuite.INTL.verify(
                        HOSPITAL.certificate().getPublicKey(),
                        message,
                        material.signer().sign(message)))
                .isTrue();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(message);
        assertThat(material.gatewaySigner().sign(digest)).isNotEmpty();
        assertThat(material.recipientKey().certificate()).isEqualTo(HOSPITAL.certificate());
        assertThat(material.suite()).isEqualTo(CryptoSuite.INTL);
        // A key from a file signs deterministically (RFC 6979): a restarted service re-makes the same bytes.
        assertThat(material.signer().deterministic()).isTrue();
        assertThat(material.signer().sign(message))
                .isEqualTo(material.signer().sign(message))
                .isEqualTo(HOSPITAL.signer().sign(message));
    }

    @Test
    void aPkcs12StoreIsReadAndAWrongPasswordIsNamedWithoutEchoingIt() throws Exception {
        Path store = dir.resolve("hospital.p12");
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("hospital1", HOSPITAL.privateKey(), "s3cret-pin".toCharArray(), new Certificate[] {
            HOSPITAL.certificate()
        });
        try (OutputStream out = Files.newOutputStream(store)) {
            keyStore.store(out, "s3cret-pin".toCharArray());
        }

        KeyMaterial material =
                KeyMaterial.load(new KeyProperties(KeySourceType.PKCS12, null, null, store, "s3cret-pin", null));
        assertThat(material.certificate()).isEqualTo(HOSPITAL.certificate());
        // The JDK's PKCS#12 store hands back its own key class; the signature is the same deterministic one.
        byte[] message = "header digest".getBytes(StandardCharsets.UTF_8);
        assertThat(material.signer().sign(message)).isEqualTo(HOSPITAL.signer().sign(message));

        assertThatThrownBy(() -> KeyMaterial.load(
                        new KeyProperties(KeySourceType.PKCS12, null, null, store, "wrong-pin-1234", null)))
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("fapiao.identity.password")
                .message()
                .doesNotContain("wrong-pin-1234")
                .doesNotContain("s3cret-pin");
        assertThatThrownBy(() -> KeyMaterial.load(
                        new KeyProperties(KeySourceType.PKCS12, null, null, store, "s3cret-pin", "nobody")))
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("fapiao.identity.alias");
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedAtStart() throws Exception {
        Identity other = CertificateAuthority.create(
                        CryptoSuite.INTL,
                        "Other",
                        "ca",
                        Instant.now().minus(Duration.ofDays(1)),
                        Instant.now().plus(Duration.ofDays(1)))
                .identity();
        Path certificate = Files.writeString(dir.resolve("cert.pem"), Pem.certificate(HOSPITAL.certificate()));
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.privateKey(other.privateKey()));
        assertThatThrownBy(() ->
                        KeyMaterial.load(new KeyProperties(KeySourceType.PEM, certificate, key, null, null, null)))
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("cannot sign for its certificate");
        assertThatThrownBy(() -> KeyMaterial.load(new KeyProperties(KeySourceType.PEM, null, key, null, null, null)))
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("fapiao.identity.certificate is not set");
        assertThat(new KeyProperties(KeySourceType.PKCS12, null, null, null, "pin-9876", null).toString())
                .doesNotContain("pin-9876");
    }
}
