package io.fapiao.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.Signer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The examples of RFC 9421 Appendix B (and the digests of RFC 9530 they carry): the signature bases
 * must come out byte for byte, the deterministic signatures (HMAC, Ed25519) must match, and the
 * ECDSA P-256 example signature (B.2.4) must verify through {@link MessageVerifier}.
 */
class Rfc9421VectorsTest {
    // B.1.3 test-key-ecc-p256
    private static final String ECC_P256_PUBLIC = """
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lf
            w0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
            -----END PUBLIC KEY-----
            """;
    private static final String ECC_P256_PRIVATE = """
            -----BEGIN EC PRIVATE KEY-----
            MHcCAQEEIFKbhfNZfpDsW43+0+JjUr9K+bTeuxopu653+hBaXGA7oAoGCCqGSM49
            AwEHoUQDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM
            4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==
            -----END EC PRIVATE KEY-----
            """;
    // B.1.4 test-key-ed25519
    private static final String ED25519_PUBLIC = "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";
    private static final String ED25519_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF";
    // B.1.5 test-shared-secret
    private static final String SHARED_SECRET =
            "uzvJfB4u3N0Jy4T7NZ75MDVcr8zSTInedJtkgcu46YW4XByzNJjxBdtjUkdJPBtbmHhIDi6pcl8jsasjlTMtDQ==";

    private static final long CREATED = 1618884473L;
    private static final Clock AT_CREATION = Clock.fixed(Instant.ofEpochSecond(CREATED + 2), ZoneOffset.UTC);

    /** B.2's test-request. */
    static HttpMessage testRequest() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("Host", List.of("example.com"));
        fields.put("Date", List.of("Tue, 20 Apr 2021 02:07:55 GMT"));
        fields.put("Content-Type", List.of("application/json"));
        fields.put(
                "Content-Digest",
                List.of("sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BN"
                        + "NyealdVLvRwEmTHWXvJwew==:"));
        fields.put("Content-Length", List.of("18"));
        return HttpMessage.request(
                "POST",
                URI.create("https://example.com/foo?param=Value&Pet=dog"),
                fields,
                "{\"hello\": \"world\"}".getBytes(StandardCharsets.US_ASCII));
    }

    /** B.2's test-response. */
    static HttpMessage testResponse() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("Date", List.of("Tue, 20 Apr 2021 02:07:56 GMT"));
        fields.put("Content-Type", List.of("application/json"));
        fields.put(
                "Content-Digest",
                List.of("sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wW"
                        + "dXymyU0rjJuahq4l5aGgfLQ==:"));
        fields.put("Content-Length", List.of("23"));
        return HttpMessage.response(200, fields, "{\"message\": \"good dog\"}".getBytes(StandardCharsets.US_ASCII));
    }

    private static SignatureParameters input(String signatureInputMember) throws SignatureRefused {
        var member = StructuredFields.dictionary(signatureInputMember)
                .values()
                .iterator()
                .next();
        return SignatureParameters.from((StructuredFields.InnerList) member);
    }

    @Test
    void b21MinimalSignatureBase() throws Exception {
        SignatureParameters params =
                input("sig-b21=();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"");
        assertThat(SignatureBase.of(testRequest(), params))
                .isEqualTo(
                        "\"@signature-params\": ();created=1618884473;keyid=\"test-key-rsa-pss\";nonce=\"b3k2pp5k7z-50gnwp.yemd\"");
    }

    @Test
    void b23FullCoverageSignatureBase() throws Exception {
        SignatureParameters params = input(
                "sig-b23=(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" "
                        + "\"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"");
        assertThat(SignatureBase.of(testRequest(), params)).isEqualTo("""
                "date": Tue, 20 Apr 2021 02:07:55 GMT
                "@method": POST
                "@path": /foo
                "@query": ?param=Value&Pet=dog
                "@authority": example.com
                "content-type": application/json
                "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
                "content-length": 18
                "@signature-params": ("date" "@method" "@path" "@query" "@authority" "content-type" \
                "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss\"""");
    }

    @Test
    void b24EcdsaP256ResponseSignatureVerifies() throws Exception {
        HttpMessage signed = testResponse()
                .withField(
                        "Signature-Input",
                        "sig-b24=(\"@status\" \"content-type\" \"content-digest\" "
                                + "\"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"")
                .withField(
                        "Signature",
                        "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCd"
                                + "lYUEkLIj+32oiasw==:");
        PublicKey key = publicKey("EC", ECC_P256_PUBLIC);
        SignatureKeys keys = keyId -> keyId.equals("test-key-ecc-p256") ? Optional.of(key) : Optional.empty();
        MessageVerifier verifier = new MessageVerifier(
                keys, VerificationPolicy.signatureOnly(), new InMemoryNonceRegistry(AT_CREATION), AT_CREATION);

        VerifiedSignature verified = verifier.verify(signed);

        assertThat(verified.label()).isEqualTo("sig-b24");
        assertThat(verified.keyId()).isEqualTo("test-key-ecc-p256");
        assertThat(verified.algorithm()).isEqualTo(SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThat(verified.coveredComponents())
                .containsExactly("@status", "content-type", "content-digest", "content-length");
        // the base the RFC prints for this example
        assertThat(SignatureBase.of(signed, input(signed.field("signature-input"))))
                .isEqualTo("""
                "@status": 200
                "content-type": application/json
                "content-digest": sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:
                "content-length": 23
                "@signature-params": ("@status" "content-type" "content-digest" "content-length")\
                ;created=1618884473;keyid="test-key-ecc-p256\"""");

        // one changed covered field, one changed signature bit
        assertThatThrownBy(() -> verifier.verify(signed.withField("Content-Length", "24")))
                .extracting(e -> ((SignatureRefused) e).refusal())
                .isEqualTo(SignatureRefusal.SIGNATURE_INVALID);
        assertThatThrownBy(() -> verifier.verify(signed.withField(
                        "Signature",
                        "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5"
                                + "hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasQ==:")))
                .extracting(e -> ((SignatureRefused) e).refusal())
                .isEqualTo(SignatureRefusal.SIGNATURE_INVALID);
    }

    @Test
    void b24SignatureNotAcceptedOutsideItsWindow() {
        HttpMessage signed = testResponse()
                .withField(
                        "Signature-Input",
                        "sig-b24=(\"@status\" \"content-type\" \"content-digest\" "
                                + "\"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"")
                .withField(
                        "Signature",
                        "sig-b24=:wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCd"
                                + "lYUEkLIj+32oiasw==:");
        Clock later = Clock.fixed(Instant.ofEpochSecond(CREATED + 3600), ZoneOffset.UTC);
        MessageVerifier verifier = new MessageVerifier(
                keyId -> Optional.of(publicKeyUnchecked()),
                VerificationPolicy.signatureOnly(),
                new InMemoryNonceRegistry(later),
                later);
        assertThatThrownBy(() -> verifier.verify(signed))
                .extracting(e -> ((SignatureRefused) e).refusal())
                .isEqualTo(SignatureRefusal.SIGNATURE_EXPIRED);
    }

    @Test
    void rfc9530DigestsOfTheTestMessagesMatchTheirBodies() throws Exception {
        ContentDigest.check(testRequest().field("content-digest"), testRequest().body());
        ContentDigest.check(
                testResponse().field("content-digest"), testResponse().body());
        assertThatThrownBy(() -> ContentDigest.check(
                        testResponse().field("content-digest"), testRequest().body()))
                .extracting(e -> ((SignatureRefused) e).refusal())
                .isEqualTo(SignatureRefusal.DIGEST_MISMATCH);
        // RFC 9530 §2's example: sha-256 of {"hello": "world"}
        assertThat(ContentDigest.sha256(testRequest().body()))
                .isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
    }

    @Test
    void b25HmacBaseAndSignatureMatchTheRfc() throws Exception {
        SignatureParameters params = input(
                "sig-b25=(\"date\" \"@authority\" \"content-type\");created=1618884473;keyid=\"test-shared-secret\"");
        String base = SignatureBase.of(testRequest(), params);
        assertThat(base).isEqualTo("""
                "date": Tue, 20 Apr 2021 02:07:55 GMT
                "@authority": example.com
                "content-type": application/json
                "@signature-params": ("date" "@authority" "content-type");created=1618884473;keyid="test-shared-secret\"""");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SHARED_SECRET), "HmacSHA256"));
        assertThat(Base64.getEncoder().encodeToString(mac.doFinal(base.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("pxcQw6G3AjtMBQjwo8XzkZf/bws5LelbaMk5rGIGtE8=");
    }

    @Test
    void b26Ed25519BaseAndSignatureMatchTheRfc() throws Exception {
        SignatureParameters params = input("sig-b26=(\"date\" \"@method\" \"@path\" \"@authority\" \"content-type\" "
                + "\"content-length\");created=1618884473;keyid=\"test-key-ed25519\"");
        byte[] base = SignatureBase.bytes(testRequest(), params);
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(ED25519_PRIVATE))));
        ed25519.update(base);
        assertThat(Base64.getEncoder().encodeToString(ed25519.sign()))
                .isEqualTo("wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==");
    }

    @Test
    void b4RepeatedFieldLinesAreJoinedAndTheEd25519SignatureVerifies() throws Exception {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("Host", List.of("example.org"));
        fields.put("Date", List.of("Fri, 15 Jul 2022 14:24:55 GMT"));
        fields.put("Accept", List.of("application/json", "*/*"));
        HttpMessage request = HttpMessage.request(
                "GET", URI.create("https://example.org/demo?name1=Value1&Name2=value2"), fields, null);
        SignatureParameters params = input("transform=(\"@method\" \"@path\" \"@authority\" \"accept\")"
                + ";created=1618884473;keyid=\"test-key-ed25519\"");
        byte[] base = SignatureBase.bytes(request, params);
        assertThat(new String(base, StandardCharsets.UTF_8)).contains("\"accept\": application/json, */*\n");
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(publicKey("Ed25519", ED25519_PUBLIC));
        ed25519.update(base);
        assertThat(
                        ed25519.verify(
                                Base64.getDecoder()
                                        .decode(
                                                "ZT1kooQsEHpZ0I1IjCqtQppOmIqlJPeo7DHR3SoMn0s5JZ1eRGS0A+vyYP9t/LXlh5QMFFQ6cpLt2m0pmj3NDA==")))
                .isTrue();
    }

    @Test
    void signingWithTheRfcKeyRoundTripsThroughTheVerifier() throws Exception {
        PrivateKey privateKey = Pem.privateKey(ECC_P256_PRIVATE);
        PublicKey publicKey = publicKey("EC", ECC_P256_PUBLIC);
        CertificateAuthority ca = CertificateAuthority.create(
                CryptoSuite.INTL,
                "Test",
                "ca.test",
                Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2040-01-01T00:00:00Z"));
        X509Certificate certificate = ca.certify(publicKey, IdentityProfile.named("test-key-ecc-p256"));
        MessageSigner signer = MessageSigner.of(Signer.of(privateKey, certificate), "test-key-ecc-p256")
                .withClock(AT_CREATION);
        HttpMessage signed = signer.signed(testRequest());
        MessageVerifier verifier = new MessageVerifier(
                keyId -> Optional.of(publicKey),
                VerificationPolicy.requests(),
                new InMemoryNonceRegistry(AT_CREATION),
                AT_CREATION);
        assertThat(verifier.verify(signed).coveredComponents())
                .containsExactly("@method", "@target-uri", "content-digest", "content-type");
        // the signer replaced the test request's sha-512 digest with its own sha-256 one
        assertThat(signed.field("content-digest")).isEqualTo("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:");
    }

    private static PublicKey publicKeyUnchecked() {
        try {
            return publicKey("EC", ECC_P256_PUBLIC);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static PublicKey publicKey(String algorithm, String pemOrBase64) throws Exception {
        String base64 = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance(algorithm)
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }
}
