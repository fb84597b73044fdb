package io.fapiao.httpsig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Signing and verifying round trips under both suites, and every way a signed request can go wrong. */
class MessageSignatureTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final URI TARGET = URI.create("https://issuer.example:8443/v1/invoices?dryRun=false");
    private static final byte[] BODY = "{\"billKey\":\"B-1\"}".getBytes(StandardCharsets.UTF_8);

    private final Identity client = identity(CryptoSuite.INTL);
    private final InMemoryNonceRegistry nonces = new InMemoryNonceRegistry(CLOCK);
    private final MessageVerifier verifier = verifier(client, CLOCK);

    private static Identity identity(CryptoSuite suite) {
        CertificateAuthority ca = CertificateAuthority.create(
                suite, "ClientOrg", "ca.client", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
        return ca.issue(IdentityProfile.named("client1")
                .validBetween(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))));
    }

    private MessageVerifier verifier(Identity registered, Clock clock) {
        SignatureKeys keys = keyId ->
                keyId.equals("client1") ? Optional.of(registered.certificate().getPublicKey()) : Optional.empty();
        return new MessageVerifier(keys, VerificationPolicy.requests(), nonces, clock);
    }

    private static MessageSigner signer(Identity identity, Clock clock) throws Exception {
        return MessageSigner.of(identity.signer(), "client1").withClock(clock);
    }

    private static HttpMessage request(byte[] body) {
        return HttpMessage.request(
                "POST",
                TARGET,
                Map.of("Content-Type", List.of("application/json"), "Idempotency-Key", List.of("k-1")),
                body);
    }

    private static void refused(ThrowingCallable call, SignatureRefusal refusal) {
        assertThatThrownBy(call)
                .isInstanceOf(SignatureRefused.class)
                .extracting(e -> ((SignatureRefused) e).refusal())
                .isEqualTo(refusal);
    }

    @ParameterizedTest
    @EnumSource(CryptoSuite.class)
    void aSignedRequestVerifiesUnderEitherSuite(CryptoSuite suite) throws Exception {
        Identity identity = identity(suite);
        HttpMessage signed = signer(identity, CLOCK).signed(request(BODY));

        VerifiedSignature verified = verifier(identity, CLOCK).verify(signed);

        assertThat(verified.keyId()).isEqualTo("client1");
        assertThat(verified.algorithm())
                .isEqualTo(suite == CryptoSuite.GM ? SignatureAlgorithm.SM2_SM3 : SignatureAlgorithm.ECDSA_P256_SHA256);
        assertThat(verified.coveredComponents())
                .containsExactly("@method", "@target-uri", "content-digest", "content-type", "idempotency-key");
        assertThat(signed.field("signature-input"))
                .startsWith("sig1=(\"@method\" \"@target-uri\"")
                .contains(";created=" + NOW.getEpochSecond() + ";expires=" + (NOW.getEpochSecond() + 300))
                .contains(";keyid=\"client1\";alg=\"" + verified.algorithm().registeredName() + "\";nonce=\"");
        // r || s, not DER
        byte[] raw = ((StructuredFields.Item) StructuredFields.dictionary(signed.field("signature"))
                                        .get("sig1"))
                                .value()
                        instanceof byte[] bytes
                ? bytes
                : null;
        assertThat(raw).hasSize(64);
    }

    @Test
    void aGetWithoutBodyIsSignedWithoutDigest() throws Exception {
        HttpMessage get =
                HttpMessage.request("GET", URI.create("http://localhost:8083/v1/invoices/N-1"), Map.of(), null);
        SignatureHeaders headers = signer(client, CLOCK).sign(get);
        assertThat(headers.contentDigest()).isNull();
        assertThat(headers.asMap()).containsOnlyKeys("Signature-Input", "Signature");
        assertThat(verifier.verify(headers.applyTo(get)).coveredComponents()).containsExactly("@method", "@target-uri");
    }

    @Test
    void theServersSpellingOfTheTargetUriMatchesTheClients() throws Exception {
        HttpMessage sent =
                HttpMessage.request("GET", URI.create("HTTP://LocalHost:80/v1/verify?number=1"), Map.of(), null);
        HttpMessage signed = signer(client, CLOCK).signed(sent);
        HttpMessage received =
                HttpMessage.request("GET", URI.create("http://localhost/v1/verify?number=1"), signed.fields(), null);
        assertThat(verifier.verify(received).keyId()).isEqualTo("client1");
    }

    @Test
    void anUnsignedRequestIsRefused() {
        refused(() -> verifier.verify(request(BODY)), SignatureRefusal.SIGNATURE_MISSING);
    }

    @Test
    void aTamperedBodyIsRefused() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        HttpMessage tampered = HttpMessage.request(
                "POST", TARGET, signed.fields(), "{\"billKey\":\"B-2\"}".getBytes(StandardCharsets.UTF_8));
        refused(() -> verifier.verify(tampered), SignatureRefusal.DIGEST_MISMATCH);
    }

    @Test
    void aTamperedDigestIsRefused() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        byte[] other = "{\"billKey\":\"B-2\"}".getBytes(StandardCharsets.UTF_8);
        HttpMessage tampered = HttpMessage.request("POST", TARGET, signed.fields(), other)
                .withField("Content-Digest", ContentDigest.sha256(other));
        refused(() -> verifier.verify(tampered), SignatureRefusal.SIGNATURE_INVALID);
    }

    @Test
    void aChangedMethodTargetOrCoveredFieldIsRefused() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        refused(
                () -> verifier.verify(HttpMessage.request("PUT", TARGET, signed.fields(), BODY)),
                SignatureRefusal.SIGNATURE_INVALID);
        refused(
                () -> verifier.verify(HttpMessage.request(
                        "POST", URI.create("https://issuer.example:8443/v1/invoices"), signed.fields(), BODY)),
                SignatureRefusal.SIGNATURE_INVALID);
        refused(() -> verifier.verify(signed.withField("Idempotency-Key", "k-2")), SignatureRefusal.SIGNATURE_INVALID);
    }

    @Test
    void aSignatureByAnotherKeyIsRefused() throws Exception {
        HttpMessage forged = signer(identity(CryptoSuite.INTL), CLOCK).signed(request(BODY));
        refused(() -> verifier.verify(forged), SignatureRefusal.SIGNATURE_INVALID);
    }

    @Test
    void anUnknownKeyIsRefused() throws Exception {
        HttpMessage signed =
                MessageSigner.of(client.signer(), "client2").withClock(CLOCK).signed(request(BODY));
        refused(() -> verifier.verify(signed), SignatureRefusal.UNKNOWN_KEY);
    }

    @Test
    void anExpiredOrFutureSignatureIsRefused() throws Exception {
        Clock tenMinutesAgo = Clock.offset(CLOCK, Duration.ofMinutes(-10));
        refused(
                () -> verifier.verify(signer(client, tenMinutesAgo).signed(request(BODY))),
                SignatureRefusal.SIGNATURE_EXPIRED);
        Clock shortAgo = Clock.offset(CLOCK, Duration.ofMinutes(-3));
        HttpMessage shortLived =
                signer(client, shortAgo).withValidity(Duration.ofSeconds(30)).signed(request(BODY));
        refused(() -> verifier.verify(shortLived), SignatureRefusal.SIGNATURE_EXPIRED);
        Clock inAnHour = Clock.offset(CLOCK, Duration.ofHours(1));
        refused(
                () -> verifier.verify(signer(client, inAnHour).signed(request(BODY))),
                SignatureRefusal.SIGNATURE_NOT_YET_VALID);
    }

    @Test
    void aReplayedRequestIsRefusedButAFreshSignatureIsNot() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        verifier.verify(signed);
        refused(() -> verifier.verify(signed), SignatureRefusal.SIGNATURE_REPLAYED);
        verifier.verify(signer(client, CLOCK).signed(request(BODY)));
    }

    @Test
    void aForgedCopyDoesNotSpendTheNonce() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        refused(() -> verifier.verify(signed.withField("Idempotency-Key", "k-2")), SignatureRefusal.SIGNATURE_INVALID);
        assertThat(verifier.verify(signed).keyId()).isEqualTo("client1");
    }

    @Test
    void theNonceIsForgottenOnlyAfterTheWindow() {
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        InMemoryNonceRegistry registry = new InMemoryNonceRegistry(moving);
        Instant until = NOW.plusSeconds(60);
        assertThat(registry.firstUse("client1", "n", until)).isTrue();
        assertThat(registry.firstUse("client1", "n", until)).isFalse();
        assertThat(registry.firstUse("client2", "n", until)).isTrue();
        now[0] = NOW.plusSeconds(60);
        assertThat(registry.firstUse("client1", "n", NOW.plusSeconds(120))).isFalse();
        now[0] = NOW.plusSeconds(61);
        assertThat(registry.firstUse("client1", "n", NOW.plusSeconds(121))).isTrue();
        assertThat(registry.firstUse("client1", "n", NOW.plusSeconds(121))).isFalse();
    }

    @Test
    void aSignatureThatLeavesOutRequiredPartsIsRefused() throws Exception {
        HttpMessage noTarget = sign(List.of("@method", "content-digest"), true);
        refused(() -> verifier.verify(noTarget), SignatureRefusal.COMPONENT_MISSING);
        HttpMessage noDigest = sign(List.of("@method", "@target-uri"), true);
        refused(() -> verifier.verify(noDigest), SignatureRefusal.COMPONENT_MISSING);
        HttpMessage noMethod = sign(List.of("@target-uri", "content-digest"), true);
        refused(() -> verifier.verify(noMethod), SignatureRefusal.COMPONENT_MISSING);
        HttpMessage noNonce = sign(List.of("@method", "@target-uri", "content-digest"), false);
        refused(() -> verifier.verify(noNonce), SignatureRefusal.PARAMETER_MISSING);
        HttpMessage splitTarget = sign(List.of("@method", "@authority", "@path", "@query", "content-digest"), true);
        assertThat(verifier.verify(splitTarget).coveredComponents()).contains("@authority", "@path", "@query");
    }

    @Test
    void aCoveredFieldTheMessageLacksIsRefused() throws Exception {
        HttpMessage signed = sign(
                request(BODY).withField("X-Tenant", "t1"),
                List.of("@method", "@target-uri", "content-digest", "x-tenant"),
                true);
        Map<String, List<String>> without = new java.util.HashMap<>(signed.fields());
        without.remove("x-tenant");
        refused(
                () -> verifier.verify(HttpMessage.request("POST", TARGET, without, BODY)),
                SignatureRefusal.COMPONENT_MISSING);
    }

    @Test
    void malformedFieldsAreRefused() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        refused(
                () -> verifier.verify(signed.withField("Signature", "sig1=not-bytes")),
                SignatureRefusal.SIGNATURE_MALFORMED);
        refused(
                () -> verifier.verify(signed.withField("Signature", "sig1=:%%%:")),
                SignatureRefusal.SIGNATURE_MALFORMED);
        refused(
                () -> verifier.verify(signed.withField("Signature-Input", "sig1=(\"@method\"")),
                SignatureRefusal.SIGNATURE_MALFORMED);
        refused(
                () -> verifier.verify(signed.withField("Signature-Input", "sig1=(@method);keyid=\"client1\"")),
                SignatureRefusal.SIGNATURE_MALFORMED);
        refused(
                () -> verifier.verify(signed.withField("Signature", "other=:AAAA:")),
                SignatureRefusal.SIGNATURE_MISSING);
    }

    @Test
    void aMismatchedAlgParameterIsRefused() throws Exception {
        HttpMessage signed = signer(client, CLOCK).signed(request(BODY));
        String input = signed.field("signature-input").replace("ecdsa-p256-sha256", "sm2-sm3");
        refused(() -> verifier.verify(signed.withField("Signature-Input", input)), SignatureRefusal.SIGNATURE_INVALID);
        String unknown = signed.field("signature-input").replace("ecdsa-p256-sha256", "rsa-pss-sha512");
        refused(
                () -> verifier.verify(signed.withField("Signature-Input", unknown)),
                SignatureRefusal.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void theAcceptSignatureHintNamesWhatIsRequired() {
        assertThat(verifier.acceptSignature())
                .isEqualTo("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created;keyid;nonce");
    }

    @Test
    void structuredFieldsRoundTrip() throws Exception {
        String text = "sig1=(\"@method\" \"@target-uri\";req);created=1;keyid=\"a \\\"b\\\"\";flag;n=-5;d=1.5;t=tok/en";
        var list =
                (StructuredFields.InnerList) StructuredFields.dictionary(text).get("sig1");
        assertThat("sig1=" + StructuredFields.serialize(list)).isEqualTo(text);
        assertThat(list.parameters().get("keyid")).isEqualTo("a \"b\"");
    }

    /** A signature over chosen components, made by hand with the client's key. */
    private HttpMessage sign(List<String> components, boolean withNonce) throws Exception {
        return sign(request(BODY), components, withNonce);
    }

    private HttpMessage sign(HttpMessage unsigned, List<String> components, boolean withNonce) throws Exception {
        HttpMessage message = unsigned.withField("Content-Digest", ContentDigest.sha256(BODY));
        SignatureParameters params = SignatureParameters.of(components)
                .with("created", NOW.getEpochSecond())
                .with("keyid", "client1");
        if (withNonce) {
            params = params.with("nonce", "n-" + components.hashCode());
        }
        byte[] signature =
                SignatureAlgorithm.ECDSA_P256_SHA256.sign(client.signer(), SignatureBase.bytes(message, params));
        return message.withField("Signature-Input", "sig1=" + params.serialize())
                .withField("Signature", "sig1=" + StructuredFields.serializeBare(signature));
    }
}
