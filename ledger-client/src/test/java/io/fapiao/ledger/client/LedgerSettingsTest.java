package io.fapiao.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The gateway connection fails closed: TLS unless plaintext is chosen by name. */
class LedgerSettingsTest {

    private static LedgerSettings.Builder caller() {
        return LedgerSettings.builder()
                .endpoint("peer0.example:7051")
                .mspId("HospitalOrgMSP")
                .certificate(Path.of("cert.pem"))
                .privateKey(Path.of("key.pem"));
    }

    @Test
    void withoutATlsRootCertificateTheSettingsAreRefusedNotQuietlyPlaintext() {
        assertThatThrownBy(() -> caller().build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no TLS root certificate for the gateway at peer0.example:7051")
                .hasMessageContaining("fapiao.ledger.tls-root-certificate")
                .hasMessageContaining("fapiao.ledger.plaintext=true");
    }

    @Test
    void plaintextIsAvailableOnlyWhenChosenAndNeverBesideATlsRoot() {
        assertThat(caller().plaintext().build().plaintext()).isTrue();
        LedgerSettings tls = caller().tlsRootCertificate(Path.of("tlsca.pem")).build();
        assertThat(tls.plaintext()).isFalse();
        assertThat(tls.tlsRootCertificate()).contains(Path.of("tlsca.pem"));
        assertThatThrownBy(() -> caller().tlsRootCertificate(Path.of("tlsca.pem"))
                        .plaintext()
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("choose one");
    }
}
