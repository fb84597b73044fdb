package io.fapiao.issuer.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.json.Json;
import io.fapiao.protocol.ledger.BillKey;
import io.fapiao.service.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Mutual TLS as the alternative to request signatures: a client that presents its registered
 * certificate in the handshake is that client, with that client's roles; an unregistered certificate
 * from the same CA is refused with {@code 401 UNKNOWN_CLIENT}; a client without a certificate still
 * signs its requests.
 */
class MutualTlsIT {
    @TempDir
    static Path dir;

    static IssuerPlatform platform;
    static ConfigurableApplicationContext service;
    static CertificateAuthority consortiumCa;

    @BeforeAll
    static void start() throws Exception {
        platform = IssuerPlatform.start(dir);
        consortiumCa = platform.ledger.consortium().certificateAuthority(IssuerPlatform.ISSUER_MSP);
        Identity server = consortiumCa.issue(
                IdentityProfile.named("issuer-api").withUnit("peer").withDnsName("localhost"));
        Path tls = Files.createDirectories(dir.resolve("tls"));
        Map<String, String> overrides = new LinkedHashMap<>(TestDatabases.h2(dir.resolve("db")));
        overrides.put("server.ssl.enabled", "true");
        overrides.put(
                "server.ssl.certificate",
                Files.writeString(tls.resolve("server.pem"), Pem.certificate(server.certificate()))
                        .toString());
        overrides.put(
                "server.ssl.certificate-private-key",
                Files.writeString(tls.resolve("server.key"), Pem.privateKey(server.privateKey()))
                        .toString());
        overrides.put(
                "server.ssl.trust-certificate",
                Files.writeString(tls.resolve("ca.pem"), Pem.certificate(consortiumCa.certificate()))
                        .toString());
        overrides.put("server.ssl.client-auth", "want");
        service = platform.startService(overrides, false);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static HttpClient tlsClient(Identity client) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", consortiumCa.certificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        if (client != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", client.privateKey(), new char[0], new Certificate[] {client.certificate()});
            keyManagers.init(keys, new char[0]);
        } else {
            KeyStore empty = KeyStore.getInstance("PKCS12");
            empty.load(null, null);
            keyManagers.init(empty, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }

    private static URI uri(String path) {
        return URI.create("https://localhost:" + IssuerPlatform.port(service) + path);
    }

    private static HttpResponse<byte[]> post(HttpClient client, String path, String json) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aRegisteredCertificateInTheHandshakeAuthenticatesTheClient() throws Exception {
        BillKey bill = platform.verifiedBill(961);
        HttpResponse<byte[]> issued =
                post(tlsClient(platform.issuerClient), "/v1/invoices", "{\"billKey\":\"" + bill + "\"}");
        assertThat(issued.statusCode()).as(new String(issued.body())).isEqualTo(201);
        String number = Json.readTree(issued.body()).get("invoiceNumber").stringValue();

        // the roles are the registered client's: the insurer may read but not issue
        HttpClient insurer = tlsClient(platform.claimantClient);
        assertThat(insurer.send(
                                HttpRequest.newBuilder(uri("/v1/invoices/" + number))
                                        .build(),
                                HttpResponse.BodyHandlers.ofByteArray())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<byte[]> forbidden = post(insurer, "/v1/invoices", "{\"billKey\":\"" + bill + "\"}");
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(Json.readTree(forbidden.body()).get("code").stringValue()).isEqualTo("ROLE_REQUIRED");
    }

    @Test
    void anUnregisteredCertificateIsRefused() throws Exception {
        HttpResponse<byte[]> refused = tlsClient(platform.strangerClient)
                .send(
                        HttpRequest.newBuilder(uri("/v1/invoices/44010126-0000000001"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Json.readTree(refused.body()).get("code").stringValue()).isEqualTo("UNKNOWN_CLIENT");
    }

    @Test
    void withoutACertificateTheRequestMustBeSigned() throws Exception {
        HttpClient anonymous = tlsClient(null);
        HttpResponse<byte[]> unsigned = anonymous.send(
                HttpRequest.newBuilder(uri("/v1/invoices/44010126-0000000001")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(Json.readTree(unsigned.body()).get("code").stringValue()).isEqualTo("SIGNATURE_MISSING");
        HttpResponse<byte[]> verify = anonymous.send(
                HttpRequest.newBuilder(uri("/v1/verify?number=44010126-0000000001" + "&checkCode=12345678901234567890"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(verify.statusCode()).isEqualTo(200);
    }
}
