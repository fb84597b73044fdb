package io.fapiao.ledger.consortium;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.msp.IdentityRejected;
import io.fapiao.ledger.msp.IdentityRejected.Reason;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsortiumTest {

    @TempDir
    static Path data;

    static Consortium consortium;

    @BeforeAll
    static void generate() throws Exception {
        consortium = ConsortiumGenerator.openOrCreate(data.resolve("crypto"));
    }

    /** Every identity the brief names: MSP ID, user, NodeOU, role attribute (null: none). */
    static final List<List<String>> EXPECTED = List.of(
            List.of("HospitalOrgMSP", "Admin", "admin", ""),
            List.of("HospitalOrgMSP", "hospital1", "client", "hospital"),
            List.of("HospitalOrgMSP", "enterprise1", "client", "enterprise"),
            List.of("FinanceOrgMSP", "Admin", "admin", "admin"),
            List.of("FinanceOrgMSP", "verifier1", "client", "finance"),
            List.of("FinanceOrgMSP", "peer0", "peer", ""),
            List.of("FinanceOrgMSP", "orderer0", "orderer", ""),
            List.of("IssuerOrgMSP", "Admin", "admin", ""),
            List.of("IssuerOrgMSP", "issuer1", "client", "issuer"),
            List.of("IssuerOrgMSP", "claimant1", "client", "claimant"),
            List.of("AuditorOrgMSP", "Admin", "admin", ""),
            List.of("AuditorOrgMSP", "auditor1", "client", "auditor"));

    @Test
    void everyIdentityIsAMemberWithItsNodeOuAndRole() throws Exception {
        for (List<String> expected : EXPECTED) {
            SigningIdentity identity = consortium.user(expected.get(0), expected.get(1));
            Member member = consortium.membership().validate(identity.serialized(), Instant.now());
            assertThat(member.mspId()).isEqualTo(expected.get(0));
            assertThat(member.nodeOus()).as(expected.toString()).containsExactly(expected.get(2));
            assertThat(member.attribute("hf.EnrollmentID")).contains(expected.get(1));
            assertThat(member.attribute("hf.Type")).contains(expected.get(2));
            assertThat(member.attribute("role").orElse(""))
                    .as(expected.toString())
                    .isEqualTo(expected.get(3));
            byte[] message = ("hello " + expected).getBytes(StandardCharsets.UTF_8);
            assertThat(member.verifies(message, identity.sign(message))).isTrue();
        }
        assertThat(consortium.organisations())
                .extracting(Organisation::mspId)
                .containsExactly("HospitalOrgMSP", "FinanceOrgMSP", "IssuerOrgMSP", "AuditorOrgMSP");
        assertThat(consortium.organisations().stream()
                        .mapToInt(o -> o.enrolments().size())
                        .sum())
                .isEqualTo(EXPECTED.size());
    }

    @Test
    void roleAttributeIsFabricCaJson() throws Exception {
        X509Certificate certificate =
                consortium.user("HospitalOrgMSP", "hospital1").certificate();
        byte[] value = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                        certificate.getExtensionValue(CertificateAuthority.FABRIC_ATTRIBUTES_OID))
                .getOctets();
        assertThat(new String(value, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"attrs\":{\"hf.EnrollmentID\":\"hospital1\",\"hf.Type\":\"client\",\"role\":\"hospital\"}}");
    }

    @Test
    void reopeningLoadsTheSameMaterial() throws Exception {
        Consortium again = ConsortiumGenerator.openOrCreate(data.resolve("crypto"));
        assertThat(again.peer().certificate()).isEqualTo(consortium.peer().certificate());
        assertThat(again.orderer().certificate()).isEqualTo(consortium.orderer().certificate());
        assertThat(again.user("AuditorOrgMSP", "auditor1").certificate())
                .isEqualTo(consortium.user("AuditorOrgMSP", "auditor1").certificate());
        assertThat(again.tls()).isEqualTo(consortium.tls());
        assertThat(again.organisations()).isEqualTo(consortium.organisations());
    }

    @Test
    void nodeIdentitiesBelongToFinanceOrg() {
        assertThat(consortium.peer().mspId()).isEqualTo("FinanceOrgMSP");
        assertThat(consortium.orderer().mspId()).isEqualTo("FinanceOrgMSP");
        assertThat(consortium.peer().certificate().getSubjectX500Principal().getName())
                .contains("CN=peer0.finance.fapiao.local")
                .contains("OU=peer");
    }

    @Test
    void fabricLayoutOnDisk() throws Exception {
        Path finance = data.resolve("crypto/peerOrganizations/finance.fapiao.local");
        Path admin =
                data.resolve("crypto/peerOrganizations/hospital.fapiao.local/users/Admin@hospital.fapiao.local/msp");
        for (Path file : List.of(
                finance.resolve("ca/ca.finance.fapiao.local-cert.pem"),
                finance.resolve("ca/priv_sk"),
                finance.resolve("tlsca/tlsca.finance.fapiao.local-cert.pem"),
                finance.resolve("tlsca/priv_sk"),
                finance.resolve("msp/cacerts/ca.finance.fapiao.local-cert.pem"),
                finance.resolve("msp/tlscacerts/tlsca.finance.fapiao.local-cert.pem"),
                finance.resolve("msp/config.yaml"),
                finance.resolve("peers/peer0.finance.fapiao.local/msp/signcerts/peer0.finance.fapiao.local-cert.pem"),
                finance.resolve("peers/peer0.finance.fapiao.local/msp/keystore/priv_sk"),
                finance.resolve("peers/peer0.finance.fapiao.local/tls/server.crt"),
                finance.resolve("peers/peer0.finance.fapiao.local/tls/server.key"),
                finance.resolve("peers/peer0.finance.fapiao.local/tls/ca.crt"),
                finance.resolve("orderers/orderer0.finance.fapiao.local/tls/server.crt"),
                admin.resolve("signcerts/Admin-cert.pem"),
                admin.resolve("keystore/priv_sk"),
                admin.resolve("config.yaml"),
                admin.resolve("../tls/client.crt"))) {
            assertThat(file).as(file.toString()).isRegularFile();
        }
        assertThat(consortium.userDirectory("HospitalOrgMSP", "Admin")).isEqualTo(admin);
        assertThat(Files.readString(finance.resolve("msp/config.yaml")))
                .contains(
                        "Enable: true",
                        "ClientOUIdentifier",
                        "OrdererOUIdentifier",
                        "Certificate: cacerts/ca.finance.fapiao.local-cert.pem");
        assertThat(Files.readString(admin.resolve("keystore/priv_sk"))).startsWith("-----BEGIN PRIVATE KEY-----");
        try (Stream<Path> files = Files.walk(data.resolve("crypto"))) {
            for (Path key : files.filter(p ->
                            p.toString().endsWith("priv_sk") || p.toString().endsWith(".key"))
                    .toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                        .as(key.toString())
                        .isEqualTo("rw-------");
            }
        }
        try (Stream<Path> siblings = Files.list(data)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("generating"));
        }
    }

    @Test
    void validityPeriods() throws Exception {
        X509Certificate ca = Pem.certificate(Files.readString(
                data.resolve("crypto/peerOrganizations/issuer.fapiao.local/ca/ca.issuer.fapiao.local-cert.pem")));
        X509Certificate issuer1 = consortium.user("IssuerOrgMSP", "issuer1").certificate();
        assertThat(Duration.between(
                        ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(3650));
        assertThat(Duration.between(
                        issuer1.getNotBefore().toInstant(),
                        issuer1.getNotAfter().toInstant()))
                .isEqualTo(Duration.ofDays(730));
    }

    @Test
    void nodeTlsCertificateNamesLocalhostAndLoopback() throws Exception {
        X509Certificate server =
                Pem.certificate(Files.readString(consortium.tls().certificateChain()));
        assertThat(server.getSubjectAlternativeNames())
                .extracting(n -> n.get(1).toString())
                .contains("localhost", "127.0.0.1", "peer0.finance.fapiao.local");
        assertThat(server.getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"));
        assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        X509Certificate root = Pem.certificate(Files.readString(consortium.tls().rootCertificate()));
        server.verify(root.getPublicKey());
        assertThat(consortium.membership().tlsRootCertificates()).contains(root).hasSize(4);
    }

    @Test
    void revokedUserIsRejectedByTheReloadedMembershipOnly() throws Exception {
        Path copy = data.resolve("revocation");
        Consortium before = ConsortiumGenerator.openOrCreate(copy);
        SigningIdentity claimant = before.user("IssuerOrgMSP", "claimant1");
        before.membership().validate(claimant.serialized(), Instant.now());

        Consortium after = ConsortiumGenerator.revoke(before, "IssuerOrgMSP", "claimant1");

        assertThatThrownBy(() -> after.membership().validate(claimant.serialized(), Instant.now()))
                .isInstanceOfSatisfying(IdentityRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REVOKED);
                    assertThat(e.getMessage()).contains("The certificate has been revoked");
                });
        // The CRL names only claimant1: its neighbours stay members.
        after.membership().validate(after.user("IssuerOrgMSP", "issuer1").serialized(), Instant.now());
        // A second revocation keeps the first entry.
        Consortium twice = ConsortiumGenerator.revoke(after, "IssuerOrgMSP", "issuer1");
        assertThatThrownBy(() -> twice.membership().validate(claimant.serialized(), Instant.now()))
                .isInstanceOfSatisfying(
                        IdentityRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
        // The instance loaded before the revocation is immutable: reload() is how a node picks it up.
        assertThatThrownBy(() -> before.membership().reload().validate(claimant.serialized(), Instant.now()))
                .isInstanceOfSatisfying(
                        IdentityRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.REVOKED));
    }

    @Test
    void unknownMspIsRejected() throws Exception {
        SigningIdentity hospital1 = consortium.user("HospitalOrgMSP", "hospital1");
        ByteString renamed = SerializedIdentity.parseFrom(hospital1.serialized()).toBuilder()
                .setMspid("Org1MSP")
                .build()
                .toByteString();
        assertRejected(renamed, Instant.now(), Reason.UNKNOWN_MSP, "MSP Org1MSP is not defined on channel");
    }

    @Test
    void certificateFromAnotherOrganisationsCaIsUntrusted() throws Exception {
        SigningIdentity auditor = consortium.user("AuditorOrgMSP", "auditor1");
        ByteString foreign =
                new SigningIdentity("HospitalOrgMSP", auditor.certificate(), auditor.privateKey()).serialized();
        assertRejected(foreign, Instant.now(), Reason.UNTRUSTED, "x509: certificate signed by unknown authority");
    }

    @Test
    void selfMadeCaWithTheSameNameIsUntrusted() throws Exception {
        CertificateAuthority impostor = CertificateAuthority.create(
                CryptoSuite.INTL,
                "HospitalOrg",
                "ca.hospital.fapiao.local",
                Instant.now().minusSeconds(60),
                Instant.now().plus(Duration.ofDays(1)));
        Identity forged = impostor.issue(IdentityProfile.named("hospital1").withUnit("client"));
        assertRejected(serialized("HospitalOrgMSP", forged), Instant.now(), Reason.UNTRUSTED, "unknown authority");
    }

    @Test
    void expiredAndNotYetValidCertificatesAreRejected() throws Exception {
        CertificateAuthority hospitalCa = consortium.certificateAuthority("HospitalOrgMSP");
        Instant caStart = hospitalCa.certificate().getNotBefore().toInstant();
        Identity shortLived = hospitalCa.issue(
                IdentityProfile.named("temp").withUnit("client").validBetween(caStart, caStart.plusSeconds(3600)));
        ByteString bytes = serialized("HospitalOrgMSP", shortLived);

        consortium.membership().validate(bytes, caStart.plusSeconds(60));
        assertRejected(bytes, caStart.plusSeconds(7200), Reason.EXPIRED, "certificate has expired or is not yet valid");
        assertRejected(bytes, caStart.minusSeconds(10), Reason.EXPIRED, "is before");
        // The cached acceptance does not hide a later expiry.
        consortium.membership().validate(bytes, caStart.plusSeconds(60));
        assertRejected(bytes, caStart.plusSeconds(7200), Reason.EXPIRED, "is after");
        // An identity whose CA has expired is rejected too, even though the identity itself is in date.
        Identity outlivesCa = hospitalCa.issue(IdentityProfile.named("long")
                .withUnit("client")
                .validBetween(caStart, caStart.plus(Duration.ofDays(4000))));
        assertRejected(
                serialized("HospitalOrgMSP", outlivesCa), caStart.plus(Duration.ofDays(3700)), Reason.EXPIRED, "(CA ");
    }

    @Test
    void identityWithoutNodeOuIsRejected() throws Exception {
        Identity noOu = consortium.certificateAuthority("AuditorOrgMSP").issue(IdentityProfile.named("nobody"));
        assertRejected(
                serialized("AuditorOrgMSP", noOu),
                Instant.now(),
                Reason.NODE_OU,
                "does not have an OU that resolves to client, peer, orderer, or admin role");
        Identity twoRoles = consortium
                .certificateAuthority("AuditorOrgMSP")
                .issue(IdentityProfile.named("both").withUnit("client").withUnit("admin"));
        assertRejected(serialized("AuditorOrgMSP", twoRoles), Instant.now(), Reason.NODE_OU, "not a combination");
    }

    @Test
    void caCertificateIsNotAnIdentity() throws Exception {
        CertificateAuthority ca = consortium.certificateAuthority("AuditorOrgMSP");
        assertRejected(
                serialized("AuditorOrgMSP", ca.identity()),
                Instant.now(),
                Reason.UNTRUSTED,
                "Certificate Authority equals true cannot be used as an identity");
    }

    @Test
    void malformedBytesAreRejected() throws Exception {
        assertRejected(
                ByteString.copyFrom(new byte[] {(byte) 0xff, 0x01, 0x02}),
                Instant.now(),
                Reason.MALFORMED,
                "could not deserialize a SerializedIdentity");
        assertRejected(
                SerializedIdentity.newBuilder()
                        .setMspid("HospitalOrgMSP")
                        .setIdBytes(ByteString.copyFromUtf8("not a pem"))
                        .build()
                        .toByteString(),
                Instant.now(),
                Reason.MALFORMED,
                "could not decode the PEM structure");
        String pem =
                Pem.certificate(consortium.user("HospitalOrgMSP", "hospital1").certificate());
        assertRejected(
                SerializedIdentity.newBuilder()
                        .setMspid("HospitalOrgMSP")
                        .setIdBytes(ByteString.copyFromUtf8(pem + pem))
                        .build()
                        .toByteString(),
                Instant.now(),
                Reason.MALFORMED,
                "trailing bytes");
        String damaged = pem.substring(0, 100) + pem.substring(180);
        assertRejected(
                SerializedIdentity.newBuilder()
                        .setMspid("HospitalOrgMSP")
                        .setIdBytes(ByteString.copyFromUtf8(damaged))
                        .build()
                        .toByteString(),
                Instant.now(),
                Reason.MALFORMED,
                null);
    }

    @Test
    void populatedFolderWithoutManifestIsNotOverwritten() throws Exception {
        Path stranger = data.resolve("stranger");
        Files.createDirectories(stranger);
        Files.writeString(stranger.resolve("notes.txt"), "mine");
        assertThatThrownBy(() -> ConsortiumGenerator.openOrCreate(stranger))
                .isInstanceOf(ConsortiumUnavailable.class)
                .hasMessageContaining("consortium.yaml is missing");
        assertThat(stranger.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void abandonedStagingFolderIsRemovedAndEmptyFolderIsFilled() throws Exception {
        Path parent = data.resolve("crashed");
        Path abandoned = parent.resolve(".crypto.generating-earlier");
        Files.createDirectories(abandoned.resolve("peerOrganizations"));
        Files.createDirectories(parent.resolve("crypto"));
        Consortium fresh = ConsortiumGenerator.openOrCreate(parent.resolve("crypto"));
        assertThat(fresh.organisations()).hasSize(4);
        assertThat(abandoned).doesNotExist();
        try (Stream<Path> entries = Files.list(parent)) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("crypto");
        }
    }

    private static ByteString serialized(String mspId, Identity identity) {
        return new SigningIdentity(mspId, identity.certificate(), identity.privateKey()).serialized();
    }

    private static void assertRejected(ByteString bytes, Instant at, Reason reason, String message) {
        assertThatThrownBy(() -> consortium.membership().validate(bytes, at))
                .isInstanceOfSatisfying(IdentityRejected.class, e -> {
                    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
                    if (message != null) {
                        assertThat(e.getMessage()).contains(message);
                    }
                });
    }

    @Test
    void aNetworkConsortiumGivesEveryOrganisationAPeerAndAnOrderer(@TempDir Path folder) throws Exception {
        Consortium network = ConsortiumGenerator.createForNetwork(folder.resolve("crypto"));
        for (Organisation org : network.organisations()) {
            for (String node : List.of("peer0", "orderer0")) {
                SigningIdentity identity = network.user(org.mspId(), node);
                Member member = network.membership().validate(identity.serialized(), Instant.now());
                assertThat(member.nodeOus()).as(org.mspId() + " " + node).containsExactly(node.replace("0", ""));
            }
        }
        assertThatThrownBy(() -> ConsortiumGenerator.createForNetwork(folder.resolve("crypto")))
                .isInstanceOf(ConsortiumUnavailable.class)
                .hasMessageContaining("not empty");
    }

    @Test
    void aJoiningHospitalBecomesAMemberAndKeepsEveryoneElse(@TempDir Path folder) throws Exception {
        Consortium before = ConsortiumGenerator.createForNetwork(folder.resolve("crypto"));
        Organisation joining = DevelopmentConsortium.joiningHospital("Hospital2Org", "hospital2.fapiao.local");
        Consortium after = ConsortiumGenerator.addOrganisation(before, joining);

        assertThat(after.organisations())
                .extracting(Organisation::mspId)
                .containsExactly("HospitalOrgMSP", "FinanceOrgMSP", "IssuerOrgMSP", "AuditorOrgMSP", "Hospital2OrgMSP");
        Member his = after.membership()
                .validate(after.user("Hospital2OrgMSP", "hospital1").serialized(), Instant.now());
        assertThat(his.attribute("role")).contains("hospital");
        assertThat(Consortium.load(folder.resolve("crypto"))
                        .membership()
                        .validate(after.user("HospitalOrgMSP", "hospital1").serialized(), Instant.now())
                        .mspId())
                .isEqualTo("HospitalOrgMSP");
        // The earlier view does not know the newcomer; a second join under a taken name is refused.
        assertThatThrownBy(() -> before.membership()
                        .validate(after.user("Hospital2OrgMSP", "hospital1").serialized(), Instant.now()))
                .isInstanceOf(IdentityRejected.class);
        assertThatThrownBy(() -> ConsortiumGenerator.addOrganisation(after, joining))
                .isInstanceOf(ConsortiumUnavailable.class)
                .hasMessageContaining("already has Hospital2OrgMSP");
        try (Stream<Path> leftovers = Files.list(folder.resolve("crypto"))) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".adding-"));
        }
    }
}
