package io.fapiao.ledger.consortium;

import io.fapiao.ledger.msp.NodeOus;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.CryptoSuite;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.IdentityProfile;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generates every certificate and key of a consortium and writes them as Fabric MSP folders under a
 * (new, empty) root. The caller makes the result appear atomically.
 */
final class ConsortiumGenesis {

    private final CryptoLayout layout;
    private final List<String> nodeHostNames;
    private final Instant notBefore;

    ConsortiumGenesis(Path root, List<String> nodeHostNames, Instant now) {
        this.layout = new CryptoLayout(root);
        this.nodeHostNames = List.copyOf(nodeHostNames);
        // Back-dated a minute so a peer whose clock is slightly behind still accepts the certificates.
        this.notBefore = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    }

    void write(List<Organisation> organisations) throws IOException {
        for (Organisation org : organisations) {
            writeOrganisation(org);
        }
        MaterialFiles.writePublic(layout.manifest(), manifest(organisations));
    }

    /** Writes one organisation's folders only (a later member of an existing consortium). */
    void writeOrganisation(Organisation org) throws IOException {
        Instant caUntil = notBefore.plus(DevelopmentConsortium.CA_VALIDITY);
        CertificateAuthority ca =
                CertificateAuthority.create(CryptoSuite.INTL, org.name(), "ca." + org.domain(), notBefore, caUntil);
        CertificateAuthority tlsCa =
                CertificateAuthority.create(CryptoSuite.INTL, org.name(), "tlsca." + org.domain(), notBefore, caUntil);
        String caPem = Pem.certificate(ca.certificate());
        String tlsCaPem = Pem.certificate(tlsCa.certificate());
        MaterialFiles.writePublic(layout.caCertificate(org), caPem);
        MaterialFiles.writeSecret(
                layout.caFolder(org).resolve(CryptoLayout.KEY_FILE),
                Pem.privateKey(ca.identity().privateKey()));
        MaterialFiles.writePublic(layout.tlsCaCertificate(org), tlsCaPem);
        MaterialFiles.writeSecret(
                layout.tlsCaFolder(org).resolve(CryptoLayout.KEY_FILE),
                Pem.privateKey(tlsCa.identity().privateKey()));
        writeMspSkeleton(layout.organisationMsp(org), org, caPem, tlsCaPem);
        Files.createDirectories(layout.organisationMsp(org).resolve("crls"));

        Instant identityUntil = notBefore.plus(DevelopmentConsortium.IDENTITY_VALIDITY);
        for (Enrolment enrolment : org.enrolments()) {
            String commonName = CryptoLayout.commonName(org, enrolment);
            IdentityProfile profile = IdentityProfile.named(commonName)
                    .withUnit(enrolment.nodeOu())
                    .validBetween(notBefore, identityUntil);
            for (var attribute : attributes(enrolment).entrySet()) {
                profile = profile.withAttribute(attribute.getKey(), attribute.getValue());
            }
            if (enrolment.isNode()) {
                profile = profile.withDnsName(CryptoLayout.nodeName(org, enrolment));
            }
            Identity identity = ca.issue(profile);
            Path msp = layout.identityMsp(org, enrolment);
            writeMspSkeleton(msp, org, caPem, tlsCaPem);
            MaterialFiles.writePublic(layout.signCertificate(org, enrolment), Pem.certificate(identity.certificate()));
            MaterialFiles.writeSecret(layout.signKey(org, enrolment), Pem.privateKey(identity.privateKey()));

            Identity tls = enrolment.isNode()
                    ? TlsCertificates.server(
                            tlsCa.identity(), commonName, hostNames(org, enrolment), notBefore, identityUntil)
                    : TlsCertificates.client(tlsCa.identity(), commonName, notBefore, identityUntil);
            MaterialFiles.writePublic(layout.tlsRoot(org, enrolment), tlsCaPem);
            MaterialFiles.writePublic(layout.tlsCertificate(org, enrolment), Pem.certificate(tls.certificate()));
            MaterialFiles.writeSecret(layout.tlsKey(org, enrolment), Pem.privateKey(tls.privateKey()));
        }
    }

    private void writeMspSkeleton(Path msp, Organisation org, String caPem, String tlsCaPem) throws IOException {
        MaterialFiles.writePublic(msp.resolve("cacerts").resolve(CryptoLayout.caCertificateName(org)), caPem);
        MaterialFiles.writePublic(msp.resolve("tlscacerts").resolve(CryptoLayout.tlsCaCertificateName(org)), tlsCaPem);
        MaterialFiles.writePublic(
                msp.resolve("config.yaml"),
                NodeOus.standard().toYaml("cacerts/" + CryptoLayout.caCertificateName(org)));
    }

    /** Fabric CA writes the enrolment ID and type beside the attributes it was asked for; so do we. */
    static Map<String, String> attributes(Enrolment enrolment) {
        Map<String, String> attributes = new TreeMap<>(enrolment.attributes());
        attributes.put("hf.EnrollmentID", enrolment.name());
        attributes.put("hf.Type", enrolment.nodeOu());
        return attributes;
    }

    private List<String> hostNames(Organisation org, Enrolment enrolment) {
        List<String> names = new ArrayList<>(List.of(CryptoLayout.nodeName(org, enrolment), "localhost", "127.0.0.1"));
        for (String host : nodeHostNames) {
            if (!names.contains(host)) {
                names.add(host);
            }
        }
        return names;
    }

    static String manifest(List<Organisation> organisations) {
        StringBuilder yaml = new StringBuilder("""
                # Fapiao consortium: which folder under peerOrganizations/ belongs to which MSP ID.
                # Written once when the folder was generated; see docs/consortium.md.
                node:
                  mspId: %s
                  peer: %s
                  orderer: %s
                organisations:
                """.formatted(
                        DevelopmentConsortium.NODE_MSP_ID, DevelopmentConsortium.PEER, DevelopmentConsortium.ORDERER));
        for (Organisation org : organisations) {
            yaml.append("  - name: ")
                    .append(org.name())
                    .append('\n')
                    .append("    mspId: ")
                    .append(org.mspId())
                    .append('\n')
                    .append("    domain: ")
                    .append(org.domain())
                    .append('\n');
        }
        return yaml.toString();
    }
}
