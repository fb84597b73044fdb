package io.fapiao.chaincode.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceSettingsTest {
    @TempDir
    Path dir;

    @Test
    void plaintextWithTheChaincodeIdFromEitherVariable() {
        ServiceSettings settings = ServiceSettings.from(
                Map.of("CHAINCODE_SERVER_ADDRESS", "0.0.0.0:9999", "CORE_CHAINCODE_ID_NAME", "fapiao_1.0:abc"));
        assertThat(settings.chaincodeId()).isEqualTo("fapiao_1.0:abc");
        assertThat(settings.address().getPort()).isEqualTo(9999);
        assertThat(settings.tls()).isFalse();
        assertThat(settings.serverProperties().isTlsEnabled()).isFalse();
        assertThat(ServiceSettings.from(Map.of(
                                "CHAINCODE_SERVER_ADDRESS",
                                "localhost:1",
                                "CHAINCODE_ID",
                                "a",
                                "CORE_CHAINCODE_ID_NAME",
                                "b"))
                        .chaincodeId())
                .isEqualTo("a");
    }

    @Test
    void tlsWithClientAuthentication() throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "k");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "c");
        Path ca = Files.writeString(dir.resolve("ca.pem"), "a");
        ServiceSettings settings = ServiceSettings.from(Map.of(
                "CHAINCODE_SERVER_ADDRESS",
                "127.0.0.1:7052",
                "CHAINCODE_ID",
                "x",
                "CHAINCODE_TLS_KEY",
                key.toString(),
                "CHAINCODE_TLS_CERT",
                cert.toString(),
                "CHAINCODE_CLIENT_CA_CERT",
                ca.toString()));
        assertThat(settings.tls()).isTrue();
        assertThat(settings.serverProperties().getTrustCertCollectionFile()).isEqualTo(ca.toString());
        assertThat(ServiceSettings.from(Map.of(
                                "CHAINCODE_SERVER_ADDRESS",
                                "127.0.0.1:7052",
                                "CHAINCODE_ID",
                                "x",
                                "CHAINCODE_TLS_DISABLED",
                                "true",
                                "CHAINCODE_TLS_KEY",
                                key.toString(),
                                "CHAINCODE_TLS_CERT",
                                cert.toString()))
                        .tls())
                .isFalse();
    }

    @Test
    void refusalsNameTheVariable() {
        assertThatThrownBy(() -> ServiceSettings.from(Map.of("CHAINCODE_ID", "x")))
                .hasMessageContaining("CHAINCODE_SERVER_ADDRESS");
        assertThatThrownBy(() -> ServiceSettings.from(Map.of("CHAINCODE_SERVER_ADDRESS", "h:1")))
                .hasMessageContaining("CHAINCODE_ID");
        assertThatThrownBy(
                        () -> ServiceSettings.from(Map.of("CHAINCODE_SERVER_ADDRESS", "nohost", "CHAINCODE_ID", "x")))
                .hasMessageContaining("host:port");
        assertThatThrownBy(() -> ServiceSettings.from(Map.of(
                        "CHAINCODE_SERVER_ADDRESS", "h:1", "CHAINCODE_ID", "x", "CHAINCODE_TLS_DISABLED", "false")))
                .hasMessageContaining("CHAINCODE_TLS_KEY");
        assertThatThrownBy(() -> ServiceSettings.from(Map.of(
                        "CHAINCODE_SERVER_ADDRESS", "h:1", "CHAINCODE_ID", "x", "CHAINCODE_TLS_DISABLED", "yes")))
                .hasMessageContaining("true or false");
    }
}
