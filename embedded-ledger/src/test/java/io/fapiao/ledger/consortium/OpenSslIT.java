package io.fapiao.ledger.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSL, which nobody here wrote, accepts the generated chains and honours the generated CRL. */
class OpenSslIT {

    @TempDir
    static Path data;

    static Consortium consortium;

    @BeforeAll
    static void generate() throws Exception {
        assumeTrue(openssl("version").exitCode == 0, "openssl is not installed; CI installs it");
        consortium = ConsortiumGenerator.revoke(
                ConsortiumGenerator.openOrCreate(data.resolve("crypto")), "HospitalOrgMSP", "enterprise1");
    }

    @Test
    void chainsVerifyAndTheRevokedCertificateIsReported() throws Exception {
        Path hospital = data.resolve("crypto/peerOrganizations/hospital.fapiao.local");
        String caFile = hospital.resolve("msp/cacerts/ca.hospital.fapiao.local-cert.pem")
                .toString();
        String crlFile = hospital.resolve("msp/crls/crl.pem").toString();

        Result valid = openssl(
                "verify",
                "-CAfile",
                caFile,
                "-crl_check",
                "-CRLfile",
                crlFile,
                consortium
                        .userDirectory("HospitalOrgMSP", "hospital1")
                        .resolve("signcerts/hospital1-cert.pem")
                        .toString());
        assertThat(valid.exitCode).as(valid.output).isZero();
        assertThat(valid.output).contains(": OK");

        Result revoked = openssl(
                "verify",
                "-CAfile",
                caFile,
                "-crl_check",
                "-CRLfile",
                crlFile,
                consortium
                        .userDirectory("HospitalOrgMSP", "enterprise1")
                        .resolve("signcerts/enterprise1-cert.pem")
                        .toString());
        assertThat(revoked.exitCode).as(revoked.output).isNotZero();
        assertThat(revoked.output).contains("certificate revoked");

        Result crl = openssl("crl", "-in", crlFile, "-CAfile", caFile, "-noout");
        assertThat(crl.output).as(crl.output).contains("verify OK");
    }

    @Test
    void everyOrganisationsIdentitiesAndTlsCertificatesVerify() throws Exception {
        for (Organisation org : consortium.organisations()) {
            Path base = data.resolve("crypto/peerOrganizations").resolve(org.domain());
            String ca = base.resolve("ca/ca." + org.domain() + "-cert.pem").toString();
            String tlsCa =
                    base.resolve("tlsca/tlsca." + org.domain() + "-cert.pem").toString();
            for (Enrolment enrolment : org.enrolments()) {
                Path msp = consortium.userDirectory(org.mspId(), enrolment.name());
                Path signcert = msp.resolve("signcerts").resolve(CryptoLayout.commonName(org, enrolment) + "-cert.pem");
                Result identity = openssl("verify", "-CAfile", ca, signcert.toString());
                assertThat(identity.exitCode).as(identity.output).isZero();
                String side = enrolment.isNode() ? "server" : "client";
                Result tls = openssl(
                        "verify",
                        "-CAfile",
                        tlsCa,
                        "-purpose",
                        "ssl" + side,
                        msp.resolveSibling("tls").resolve(side + ".crt").toString());
                assertThat(tls.exitCode).as(tls.output).isZero();
            }
        }
        Result host = openssl(
                "verify",
                "-CAfile",
                consortium.tls().rootCertificate().toString(),
                "-verify_ip",
                "127.0.0.1",
                consortium.tls().certificateChain().toString());
        assertThat(host.exitCode).as(host.output).isZero();
        Result key = openssl("pkey", "-in", consortium.tls().privateKey().toString(), "-noout");
        assertThat(key.exitCode).as(key.output).isZero();
    }

    record Result(int exitCode, String output) {}

    static Result openssl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "openssl did not finish");
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            return new Result(-1, "cannot run openssl: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
