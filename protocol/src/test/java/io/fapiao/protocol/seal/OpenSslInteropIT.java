package io.fapiao.protocol.seal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fapiao.protocol.TestPki;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import io.fapiao.protocol.crypto.SignatureVectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * An implementation nobody here wrote, OpenSSL's command line, checks the signatures in the test
 * vectors (the sealed bills' and the deterministic signature vectors'), and signs header digests that
 * this implementation then verifies. OpenSSL 3.0 or newer
 * must be on the PATH ({@code .ci/run} installs it).
 */
class OpenSslInteropIT {
    @TempDir
    Path work;

    @TestFactory
    Stream<DynamicTest> openSslAndFapiaoAgreeOnSignatures() throws Exception {
        return TestVectorsTest.manifest().suites().stream()
                .map(s -> DynamicTest.dynamicTest(s.suite(), () -> {
                    CryptoSuite suite = CryptoSuite.named(s.suite());
                    SealedBill sealed = SealedBill.fromJson(
                            TestVectorsTest.read(s.positive().sealed()));
                    Path dir = Files.createDirectories(work.resolve(s.suite()));
                    Path message = Files.write(
                            dir.resolve("header-digest.bin"),
                            sealed.header().headerDigest().toByteArray());
                    Path signature = Files.write(
                            dir.resolve("signature.der"),
                            sealed.signer().signature().toByteArray());
                    Path certificate = TestVectorsTest.ROOT.resolve(s.signer().certificate());
                    Path publicKey = dir.resolve("hospital.pub.pem");
                    Files.writeString(
                            publicKey,
                            run("x509", "-in", certificate.toString(), "-pubkey", "-noout")
                                    .output());

                    Result verified = run(verifyArgs(suite, publicKey, signature, message));
                    assertThat(verified.exit()).as(verified.output()).isZero();
                    assertThat(verified.output()).contains("Verified OK");

                    Path altered = Files.write(
                            dir.resolve("altered.bin"),
                            flip(sealed.header().headerDigest().toByteArray()));
                    Result refused = run(verifyArgs(suite, publicKey, signature, altered));
                    assertThat(refused.exit()).as(refused.output()).isNotZero();
                    assertThat(refused.output()).contains("Verification failure");

                    Path opensslSignature = dir.resolve("openssl.der");
                    Result signed = run(signArgs(
                            suite, TestVectorsTest.ROOT.resolve(s.signer().key()), opensslSignature, message));
                    assertThat(signed.exit()).as(signed.output()).isZero();
                    assertThat(suite.verify(
                                    Pem.certificate(Files.readString(certificate))
                                            .getPublicKey(),
                                    Files.readAllBytes(message),
                                    Files.readAllBytes(opensslSignature)))
                            .isTrue();

                    List<String> verifyChain = new ArrayList<>(List.of("verify"));
                    if (suite == CryptoSuite.GM) {
                        verifyChain.addAll(List.of("-vfyopt", "distid:1234567812345678")); // the CA's SM2 signer id
                    }
                    verifyChain.addAll(List.of(
                            "-CAfile",
                            TestVectorsTest.ROOT
                                    .resolve(s.trustedAuthorities().get(0))
                                    .toString(),
                            certificate.toString()));
                    Result chain = run(verifyChain.toArray(String[]::new));
                    assertThat(chain.exit()).as(chain.output()).isZero();
                    assertThat(chain.output()).contains(": OK");
                }));
    }

    /**
     * OpenSSL verifies every deterministic signature vector (docs/test-vectors/signatures.json), and a
     * fresh deterministic signature of each suite, through {@code pkeyutl -rawin} (it hashes the
     * message itself, with Z for SM2), and refuses them for another message.
     */
    @TestFactory
    Stream<DynamicTest> openSslVerifiesTheDeterministicSignatures() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (SignatureVectors.Vector v : SignatureVectors.all()) {
            tests.add(DynamicTest.dynamicTest(
                    v.name(),
                    () -> pkeyutlVerifies(
                            v.name(),
                            CryptoSuite.named(v.suite()),
                            v.publicKeyPem(),
                            v.messageBytes(),
                            v.signatureBytes())));
        }
        for (CryptoSuite suite : CryptoSuite.values()) {
            tests.add(DynamicTest.dynamicTest("fresh " + suite, () -> {
                Identity hospital = TestPki.of(suite).hospital();
                byte[] message = ("a record signed twice " + suite).getBytes(StandardCharsets.UTF_8);
                byte[] signature = hospital.signer().sign(message);
                assertThat(hospital.signer().sign(message)).isEqualTo(signature);
                pkeyutlVerifies(
                        "fresh-" + suite,
                        suite,
                        SignatureVectors.pem(hospital.certificate().getPublicKey()),
                        message,
                        signature);
            }));
        }
        return tests.stream();
    }

    private void pkeyutlVerifies(String name, CryptoSuite suite, String publicKeyPem, byte[] message, byte[] signature)
            throws Exception {
        Path dir = Files.createDirectories(work.resolve("deterministic").resolve(name));
        Path publicKey = Files.writeString(dir.resolve("public.pem"), publicKeyPem);
        Path messageFile = Files.write(dir.resolve("message.bin"), message);
        Path signatureFile = Files.write(dir.resolve("signature.der"), signature);
        Result verified = run(pkeyutlArgs(suite, publicKey, signatureFile, messageFile));
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Signature Verified Successfully");

        Path other = Files.write(dir.resolve("other.bin"), flip(message.clone()));
        Result refused = run(pkeyutlArgs(suite, publicKey, signatureFile, other));
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("Signature Verification Failure");
    }

    /**
     * {@code openssl pkeyutl -verify -rawin -digest sha256|sm3}. OpenSSL 3.0 gives SM2 an empty signer
     * id unless told: the standard default id is passed explicitly, as with {@code dgst} above.
     */
    private static String[] pkeyutlArgs(CryptoSuite suite, Path publicKey, Path signature, Path message) {
        List<String> args = new ArrayList<>(List.of(
                "pkeyutl",
                "-verify",
                "-pubin",
                "-inkey",
                publicKey.toString(),
                "-rawin",
                "-digest",
                suite == CryptoSuite.INTL ? "sha256" : "sm3"));
        if (suite == CryptoSuite.GM) {
            args.addAll(List.of("-pkeyopt", "distid:1234567812345678"));
        }
        args.addAll(List.of("-sigfile", signature.toString(), "-in", message.toString()));
        return args.toArray(String[]::new);
    }

    private static String[] verifyArgs(CryptoSuite suite, Path publicKey, Path signature, Path message) {
        List<String> args = new ArrayList<>(List.of("dgst", digestOption(suite), "-verify", publicKey.toString()));
        addGmId(suite, args);
        args.addAll(List.of("-signature", signature.toString(), message.toString()));
        return args.toArray(String[]::new);
    }

    private static String[] signArgs(CryptoSuite suite, Path key, Path signature, Path message) {
        List<String> args = new ArrayList<>(List.of("dgst", digestOption(suite), "-sign", key.toString()));
        addGmId(suite, args);
        args.addAll(List.of("-out", signature.toString(), message.toString()));
        return args.toArray(String[]::new);
    }

    private static String digestOption(CryptoSuite suite) {
        return suite == CryptoSuite.INTL ? "-sha256" : "-sm3";
    }

    /** SM2 signatures hash the signer's id into Z; Fapiao uses the standard default. */
    private static void addGmId(CryptoSuite suite, List<String> args) {
        if (suite == CryptoSuite.GM) {
            args.addAll(List.of("-sigopt", "distid:1234567812345678"));
        }
    }

    private static byte[] flip(byte[] bytes) {
        bytes[0] ^= 0x01;
        return bytes;
    }

    record Result(int exit, String output) {}

    private static Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }
}
