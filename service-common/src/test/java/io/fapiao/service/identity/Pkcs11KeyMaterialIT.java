package io.fapiao.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fapiao.development.DevelopmentConsortiumPlan;
import io.fapiao.ledger.client.FapiaoLedger;
import io.fapiao.ledger.client.Ledger;
import io.fapiao.ledger.client.Recorded;
import io.fapiao.protocol.bill.Bill;
import io.fapiao.protocol.bill.SampleBills;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.ledger.BillRecord;
import io.fapiao.protocol.ledger.BillState;
import io.fapiao.protocol.seal.BillSealer;
import io.fapiao.protocol.seal.SealedBill;
import io.fapiao.service.identity.KeyProperties.KeySourceType;
import io.fapiao.service.ledger.LedgerProperties;
import io.fapiao.service.testing.DevelopmentLedger;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consortium key in a real PKCS#11 token (SoftHSM2, a fresh token under {@code SOFTHSM2_CONF}): loaded
 * through {@code fapiao.identity.type=PKCS11}, it seals a bill and signs the ledger transaction that
 * submits it to a real embedded node, and the node accepts both signatures. Without SoftHSM2 the test
 * is skipped, and under CI ({@code CI=true}) it fails instead.
 */
class Pkcs11KeyMaterialIT {
    private static final String PIN = "4711-token-pin";
    private static final String LABEL = "fapiao-it";

    @TempDir
    static Path dir;

    static DevelopmentLedger ledger;
    static Path configuration;
    /** Loading with a wrong PIN, tried before anything logs in: a PKCS#11 login holds for the whole process. */
    static Throwable wrongPin;

    @BeforeAll
    static void freshTokenWithHospital1() throws Exception {
        Path library = softHsmLibrary();
        String conf = System.getenv("SOFTHSM2_CONF");
        require(conf != null, "SOFTHSM2_CONF is not set; the failsafe configuration of service-common sets it");
        Path tokens = Path.of(conf).resolveSibling("tokens");
        deleteRecursively(tokens);
        Files.createDirectories(tokens); // also the folder of the configuration file
        Files.writeString(
                Path.of(conf),
                "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n" + "log.level = ERROR\n");
        Process init = new ProcessBuilder(
                        "softhsm2-util",
                        "--init-token",
                        "--free",
                        "--label",
                        LABEL,
                        "--so-pin",
                        "so-" + PIN,
                        "--pin",
                        PIN)
                .redirectErrorStream(true)
                .start();
        String said = new String(init.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(init.waitFor()).as(said).isZero();

        configuration = Files.writeString(
                dir.resolve("pkcs11.cfg"), "name = FapiaoIT\nlibrary = " + library + "\nslotListIndex = 0\n");
        wrongPin = catchThrowable(() -> KeyMaterial.load(token("0000-wrong")));
        ledger = DevelopmentLedger.start(dir.resolve("ledger"));
        Identity hospital1 = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        Provider provider = Security.getProvider("SunPKCS11").configure(configuration.toString());
        KeyStore token = KeyStore.getInstance("PKCS11", provider);
        token.load(null, PIN.toCharArray());
        token.setKeyEntry("hospital1", hospital1.privateKey(), null, new Certificate[] {hospital1.certificate()});
    }

    @AfterAll
    static void stop() throws IOException {
        if (ledger != null) {
            ledger.close();
        }
    }

    private static KeyProperties token(String pin) {
        return new KeyProperties(KeySourceType.PKCS11, null, null, configuration, pin, null);
    }

    @Test
    void theTokensKeySignsEnvelopesAndLedgerTransactionsTheNodeAccepts() throws Exception {
        KeyMaterial key = KeyMaterial.load(token(PIN));
        Identity hospital1 = ledger.identity(DevelopmentConsortiumPlan.HOSPITAL_MSP, "hospital1");
        assertThat(key.certificate()).isEqualTo(hospital1.certificate());
        assertThat(key.toString()).contains("PKCS#11").doesNotContain(PIN);

        byte[] message = "header digest".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.signer().sign(message);
        assertThat(CryptoSuite.INTL.verify(key.certificate().getPublicKey(), message, signature))
                .isTrue();
        // The token draws its own nonce: signing again gives another valid signature, and the signer says so
        // (which is why nothing Fapiao records is ever re-signed to be reproduced; see TokenKey).
        byte[] again = key.signer().sign(message);
        assertThat(CryptoSuite.INTL.verify(key.certificate().getPublicKey(), message, again))
                .isTrue();
        assertThat(again).isNotEqualTo(signature);
        assertThat(key.signer().deterministic()).isFalse();

        Bill bill = SampleBills.outpatient(
                ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                DevelopmentConsortiumPlan.hospitals().get(0));
        SealedBill sealed = BillSealer.seal(
                bill,
                key.signer(),
                List.of(ledger.identity(DevelopmentConsortiumPlan.FINANCE_MSP, "verifier1")
                        .certificate()));
        LedgerProperties properties = new LedgerProperties(
                "localhost:" + ledger.port(),
                ledger.consortium().tls().rootCertificate(),
                null,
                DevelopmentConsortiumPlan.HOSPITAL_MSP,
                "fapiao",
                "fapiao",
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60),
                3,
                false);
        try (Ledger connection =
                Ledger.connect(properties.settings(key.source()), key.certificate(), key.gatewaySigner())) {
            Recorded<BillRecord> submitted = new FapiaoLedger(connection).submitBill(sealed);
            assertThat(submitted.value().state()).isEqualTo(BillState.SUBMITTED);
            assertThat(submitted.value().signerFingerprint())
                    .isEqualTo(io.fapiao.protocol.json.Base64Url.encode(MessageDigest.getInstance("SHA-256")
                            .digest(hospital1.certificate().getEncoded())));
        }
    }

    @Test
    void theGatewaySignerSignsTheDigestWithALowS() throws Exception {
        KeyMaterial key = KeyMaterial.load(token(PIN));
        BigInteger half = ((ECPublicKey) key.certificate().getPublicKey())
                .getParams()
                .getOrder()
                .shiftRight(1);
        for (int i = 0; i < 24; i++) {
            byte[] proposal = ("proposal " + i).getBytes(StandardCharsets.UTF_8);
            byte[] signature = key.gatewaySigner()
                    .sign(MessageDigest.getInstance("SHA-256").digest(proposal));
            Signature verifying = Signature.getInstance("SHA256withECDSA");
            verifying.initVerify(key.certificate().getPublicKey());
            verifying.update(proposal);
            assertThat(verifying.verify(signature)).isTrue();
            assertThat(TokenKeyTest.integer(signature, 1)).isLessThanOrEqualTo(half);
        }
    }

    @Test
    void aWrongPinIsNamedWithoutEchoingItAndTheTokenKeyOpensNoEnvelopes() throws Exception {
        assertThat(wrongPin)
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("fapiao.identity.password")
                .message()
                .doesNotContain("0000-wrong")
                .doesNotContain(PIN);
        assertThatThrownBy(() -> KeyMaterial.load(token(PIN)).recipientKey())
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("cannot open envelopes");
        assertThatThrownBy(() -> KeyMaterial.load(
                        new KeyProperties(KeySourceType.PKCS11, null, null, dir.resolve("missing.cfg"), PIN, null)))
                .isInstanceOf(KeyUnavailable.class)
                .hasMessageContaining("fapiao.identity.key-store");
    }

    private static Path softHsmLibrary() {
        Path found = Stream.of(
                        "/usr/lib/softhsm/libsofthsm2.so",
                        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                        "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
                        "/usr/local/lib/softhsm/libsofthsm2.so")
                .map(Path::of)
                .filter(Files::isReadable)
                .findFirst()
                .orElse(null);
        require(found != null, "SoftHSM2 is not installed (apt-get install -y softhsm2)");
        return found;
    }

    private static void require(boolean condition, String why) {
        if (!condition) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true: " + why);
            }
            Assumptions.abort(why);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
