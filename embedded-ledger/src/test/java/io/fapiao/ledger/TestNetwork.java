package io.fapiao.ledger;

import io.fapiao.ledger.block.Organization;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.ledger.node.LedgerNode;
import io.fapiao.ledger.node.NodeIdentities;
import io.fapiao.ledger.node.NodeSettings;
import io.fapiao.ledger.ordering.BlockCutting;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.client.identity.X509Identity;

/** A consortium of one organisation plus the node's identities and TLS material, for tests. */
final class TestNetwork {

    static final String MSP = "HospitalOrgMSP";

    final CertificateAuthority ca;
    final CertificateAuthority tlsCa;
    final Identity client;
    final SigningIdentity peer;
    final SigningIdentity orderer;
    final TestMembership membership;
    final Path tlsChain;
    final Path tlsKey;
    final Path tlsRoot;

    TestNetwork(Path dir) throws IOException {
        Instant from = Instant.now().minus(Duration.ofDays(1));
        Instant until = Instant.now().plus(Duration.ofDays(365));
        ca = CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "ca.hospital", from, until);
        tlsCa = CertificateAuthority.create(CryptoSuite.INTL, "HospitalOrg", "tlsca.hospital", from, until);
        client = ca.issue(IdentityProfile.named("his").withUnit("client"));
        Identity peerId = ca.issue(IdentityProfile.named("peer0").withUnit("peer"));
        Identity ordererId = ca.issue(IdentityProfile.named("orderer0").withUnit("orderer"));
        peer = new SigningIdentity(MSP, peerId.certificate(), peerId.privateKey());
        orderer = new SigningIdentity(MSP, ordererId.certificate(), ordererId.privateKey());
        membership = new TestMembership(Map.of(MSP, ca.certificate()));
        Identity tls = tlsCa.issue(IdentityProfile.named("localhost").withDnsName("localhost"));
        Files.createDirectories(dir);
        tlsChain = Files.writeString(dir.resolve("server.crt"), Pem.certificate(tls.certificate()));
        tlsKey = Files.writeString(dir.resolve("server.key"), Pem.privateKey(tls.privateKey()));
        tlsRoot = Files.writeString(dir.resolve("ca.crt"), Pem.certificate(tlsCa.certificate()));
    }

    NodeIdentities identities() {
        return new NodeIdentities(
                membership,
                peer,
                orderer,
                List.of(new Organization(MSP, List.of(ca.certificate()), List.of(tlsCa.certificate()))),
                tlsChain,
                tlsKey);
    }

    LedgerNode start(Path dataDir) throws IOException {
        return LedgerNode.start(
                NodeSettings.defaults(dataDir)
                        .withListenAddress("127.0.0.1")
                        .withPort(0)
                        .withBlockCutting(new BlockCutting(10, 1024 * 1024, 4 * 1024 * 1024, Duration.ofMillis(50))),
                identities());
    }

    ManagedChannel channel(LedgerNode node) throws IOException {
        return Grpc.newChannelBuilder(
                        "localhost:" + node.port(),
                        TlsChannelCredentials.newBuilder()
                                .trustManager(tlsRoot.toFile())
                                .build())
                .build();
    }

    Gateway gateway(ManagedChannel channel, Identity who, String mspId) {
        return gateway(channel, who, mspId, Signers.newPrivateKeySigner(who.privateKey()));
    }

    Gateway gateway(ManagedChannel channel, Identity who, String mspId, Signer signer) {
        return Gateway.newInstance()
                .identity(new X509Identity(mspId, who.certificate()))
                .signer(signer)
                .connection(channel)
                .evaluateOptions(o -> o.withDeadlineAfter(10, TimeUnit.SECONDS))
                .endorseOptions(o -> o.withDeadlineAfter(10, TimeUnit.SECONDS))
                .submitOptions(o -> o.withDeadlineAfter(10, TimeUnit.SECONDS))
                .commitStatusOptions(o -> o.withDeadlineAfter(30, TimeUnit.SECONDS))
                .connect();
    }
}
