package io.fapiao.ledger.consortium;

import io.fapiao.ledger.msp.IdentityRejected;
import io.fapiao.ledger.msp.InvalidMspFolder;
import io.fapiao.ledger.msp.JdkKeys;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.MspMembership;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The organisations a ledger node trusts and the node's own identities, read from Fabric MSP folders
 * ({@code docs/consortium.md}). This class only reads; {@link ConsortiumGenerator} writes the folder
 * (the development consortium on a node's first start, a joining organisation, a revocation) and
 * hands back a new instance. Instances never change.
 *
 * <p>This is the embedded ledger's public way into a consortium folder: clients such as the
 * {@code fapiao} command read identities, CAs and the node's TLS root through it.
 *
 * <pre>{@code
 * Consortium consortium = Consortium.load(dataDir.resolve("crypto"));
 * Member creator = consortium.membership().validate(signatureHeader.getCreator(), Instant.now());
 * byte[] endorsement = consortium.peer().sign(proposalResponseBytes);
 * Path hospitalMsp = consortium.userDirectory("HospitalOrgMSP", "hospital1");
 * }</pre>
 */
public final class Consortium {

    private final CryptoLayout layout;
    private final List<Organisation> organisations;
    private final MspMembership membership;
    private final SigningIdentity peer;
    private final SigningIdentity orderer;
    private final NodeTls tls;

    private Consortium(
            CryptoLayout layout,
            List<Organisation> organisations,
            MspMembership membership,
            SigningIdentity peer,
            SigningIdentity orderer,
            NodeTls tls) {
        this.layout = layout;
        this.organisations = organisations;
        this.membership = membership;
        this.peer = peer;
        this.orderer = orderer;
        this.tls = tls;
    }

    /** Loads a consortium folder that already exists. */
    public static Consortium load(Path cryptoDir) throws ConsortiumUnavailable {
        CryptoLayout layout = new CryptoLayout(cryptoDir.toAbsolutePath().normalize());
        Manifest manifest = Manifest.read(layout);
        List<Organisation> organisations = new ArrayList<>();
        Map<String, Path> mspFolders = new LinkedHashMap<>();
        for (Manifest.Entry entry : manifest.organisations()) {
            Organisation shell = new Organisation(entry.name(), entry.mspId(), entry.domain(), List.of());
            organisations.add(
                    new Organisation(entry.name(), entry.mspId(), entry.domain(), enrolmentsOnDisk(layout, shell)));
            mspFolders.put(entry.mspId(), layout.organisationMsp(shell));
        }
        MspMembership membership;
        try {
            membership = MspMembership.load(mspFolders);
        } catch (InvalidMspFolder e) {
            throw new ConsortiumUnavailable("cannot load consortium at " + layout.root() + ": " + e.getMessage(), e);
        }
        Consortium partial = new Consortium(layout, List.copyOf(organisations), membership, null, null, null);
        Organisation nodeOrg = partial.organisation(manifest.nodeMspId());
        Enrolment peerEnrolment = new Enrolment(manifest.peer(), "peer", Map.of());
        Enrolment ordererEnrolment = new Enrolment(manifest.orderer(), "orderer", Map.of());
        SigningIdentity peer = partial.nodeIdentity(nodeOrg, peerEnrolment);
        SigningIdentity orderer = partial.nodeIdentity(nodeOrg, ordererEnrolment);
        NodeTls tls = new NodeTls(
                layout.tlsCertificate(nodeOrg, peerEnrolment),
                layout.tlsKey(nodeOrg, peerEnrolment),
                layout.tlsRoot(nodeOrg, peerEnrolment));
        return new Consortium(layout, partial.organisations, membership, peer, orderer, tls);
    }

    /** Where each file lives, for {@link ConsortiumGenerator}. */
    CryptoLayout layout() {
        return layout;
    }

    /** The folder the consortium lives in. */
    public Path directory() {
        return layout.root();
    }

    public MspMembership membership() {
        return membership;
    }

    /** The node's peer identity (FinanceOrg, OU peer): signs endorsements. */
    public SigningIdentity peer() {
        return peer;
    }

    /** The node's orderer identity (FinanceOrg, OU orderer): signs blocks. */
    public SigningIdentity orderer() {
        return orderer;
    }

    /** The node's TLS server certificate, key and the TLS CA clients trust it by. */
    public NodeTls tls() {
        return tls;
    }

    /** The organisations, each with the identities found in its {@code users/}, {@code peers/} and {@code orderers/}. */
    public List<Organisation> organisations() {
        return organisations;
    }

    /** The signing identity of {@code userName} (its enrolment ID, such as {@code hospital1} or {@code Admin}). */
    public SigningIdentity user(String mspId, String userName) throws ConsortiumUnavailable {
        Organisation org = organisation(mspId);
        Enrolment enrolment = enrolment(org, userName);
        return signingIdentity(org, enrolment);
    }

    /** The {@code msp} folder of {@code userName}: {@code signcerts/}, {@code keystore/priv_sk}, {@code cacerts/}, ... */
    public Path userDirectory(String mspId, String userName) throws ConsortiumUnavailable {
        Organisation org = organisation(mspId);
        return layout.identityMsp(org, enrolment(org, userName));
    }

    /** The TLS client certificate, key and TLS CA of {@code userName}, for mutual TLS. */
    public NodeTls userTls(String mspId, String userName) throws ConsortiumUnavailable {
        Organisation org = organisation(mspId);
        Enrolment enrolment = enrolment(org, userName);
        return new NodeTls(
                layout.tlsCertificate(org, enrolment), layout.tlsKey(org, enrolment), layout.tlsRoot(org, enrolment));
    }

    /** The organisation's CA, with its key: to issue further identities (tests, a new user). */
    public CertificateAuthority certificateAuthority(String mspId) throws ConsortiumUnavailable {
        Organisation org = organisation(mspId);
        try {
            X509Certificate certificate = Pem.certificate(Files.readString(layout.caCertificate(org)));
            return CertificateAuthority.of(new Identity(
                    certificate,
                    JdkKeys.ecPrivateKey(
                            Pem.privateKey(Files.readString(layout.caFolder(org).resolve(CryptoLayout.KEY_FILE))))));
        } catch (IOException | ProtocolException e) {
            throw new ConsortiumUnavailable(
                    "cannot read the CA of " + mspId + " in " + layout.caFolder(org) + ": " + e.getMessage(), e);
        }
    }

    Organisation organisation(String mspId) throws ConsortiumUnavailable {
        return organisations.stream()
                .filter(o -> o.mspId().equals(mspId))
                .findFirst()
                .orElseThrow(() -> new ConsortiumUnavailable(
                        "the consortium at " + layout.root() + " has no organisation with MSP ID " + mspId));
    }

    private Enrolment enrolment(Organisation org, String userName) throws ConsortiumUnavailable {
        return org.enrolments().stream()
                .filter(e -> e.name().equals(userName))
                .findFirst()
                .orElseThrow(() -> new ConsortiumUnavailable("organisation " + org.mspId() + " has no identity "
                        + userName + " under " + layout.organisation(org)));
    }

    private SigningIdentity signingIdentity(Organisation org, Enrolment enrolment) throws ConsortiumUnavailable {
        Path certificate = layout.signCertificate(org, enrolment);
        Path key = layout.signKey(org, enrolment);
        try {
            return new SigningIdentity(
                    org.mspId(), Pem.certificate(Files.readString(certificate)), Pem.privateKey(Files.readString(key)));
        } catch (IOException | ProtocolException e) {
            throw new ConsortiumUnavailable(
                    "cannot read the identity " + enrolment.name() + " of " + org.mspId() + " (" + certificate + ", "
                            + key + "): " + e.getMessage(),
                    e);
        }
    }

    /** The node refuses to start with an identity its own membership would reject. */
    private SigningIdentity nodeIdentity(Organisation org, Enrolment enrolment) throws ConsortiumUnavailable {
        SigningIdentity identity = signingIdentity(org, enrolment);
        try {
            Member member = membership.validate(identity.serialized(), Instant.now());
            if (!member.nodeOus().contains(enrolment.nodeOu())) {
                throw new ConsortiumUnavailable("the node's " + enrolment.nodeOu() + " identity "
                        + layout.signCertificate(org, enrolment) + " carries OU " + member.nodeOus() + ", not "
                        + enrolment.nodeOu());
            }
        } catch (IdentityRejected e) {
            throw new ConsortiumUnavailable(
                    "the node's " + enrolment.nodeOu() + " identity "
                            + layout.signCertificate(org, enrolment) + " is not valid: " + e.getMessage()
                            + "; see docs/consortium.md on rotating identities",
                    e);
        }
        return identity;
    }

    /** What the folders hold: users by enrolment ID, nodes by their first host-name label. */
    private static List<Enrolment> enrolmentsOnDisk(CryptoLayout layout, Organisation org)
            throws ConsortiumUnavailable {
        List<Enrolment> found = new ArrayList<>();
        Path base = layout.organisation(org);
        for (String kind : List.of("users", "peers", "orderers")) {
            for (Path folder : subFolders(base.resolve(kind))) {
                String folderName = folder.getFileName().toString();
                String name = kind.equals("users")
                        ? folderName.substring(0, Math.max(0, folderName.lastIndexOf('@' + org.domain())))
                        : folderName.substring(0, Math.max(0, folderName.lastIndexOf('.' + org.domain())));
                if (name.isEmpty()) {
                    continue;
                }
                String nodeOu = switch (kind) {
                    case "peers" -> "peer";
                    case "orderers" -> "orderer";
                    default -> null;
                };
                Enrolment probe = new Enrolment(name, nodeOu == null ? "client" : nodeOu, Map.of());
                X509Certificate certificate = readCertificate(layout.signCertificate(org, probe));
                Member shape = new Member(org.mspId(), certificate, java.util.Set.of());
                Map<String, String> attributes = new HashMap<>(shape.attributes());
                String type = attributes.getOrDefault("hf.Type", nodeOu == null ? "client" : nodeOu);
                attributes.keySet().removeIf(k -> k.startsWith("hf."));
                found.add(new Enrolment(name, nodeOu == null ? type : nodeOu, attributes));
            }
        }
        return found;
    }

    private static X509Certificate readCertificate(Path file) throws ConsortiumUnavailable {
        try {
            return Pem.certificate(Files.readString(file));
        } catch (IOException | ProtocolException e) {
            throw new ConsortiumUnavailable("cannot read certificate " + file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> subFolders(Path folder) throws ConsortiumUnavailable {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new ConsortiumUnavailable("cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Consortium[" + layout.root() + ", "
                + organisations.stream().map(Organisation::mspId).toList() + "]";
    }

    /** {@code consortium.yaml}: which organisation folder has which MSP ID, and who the node is. */
    private record Manifest(String nodeMspId, String peer, String orderer, List<Entry> organisations) {

        record Entry(String name, String mspId, String domain) {}

        static Manifest read(CryptoLayout layout) throws ConsortiumUnavailable {
            Path file = layout.manifest();
            if (!Files.exists(file)) {
                throw new ConsortiumUnavailable("cannot load consortium at " + layout.root() + ": "
                        + CryptoLayout.MANIFEST + " is missing; empty the folder to generate a new consortium");
            }
            try (Reader reader = Files.newBufferedReader(file)) {
                Map<?, ?> root = (Map<?, ?>) new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
                Map<?, ?> node = (Map<?, ?>) root.get("node");
                List<Entry> entries = new ArrayList<>();
                for (Object item : (List<?>) root.get("organisations")) {
                    Map<?, ?> org = (Map<?, ?>) item;
                    entries.add(new Entry(text(org, "name"), text(org, "mspId"), text(org, "domain")));
                }
                return new Manifest(
                        text(node, "mspId"), text(node, "peer"), text(node, "orderer"), List.copyOf(entries));
            } catch (IOException | RuntimeException e) {
                throw new ConsortiumUnavailable(
                        "cannot load consortium at " + layout.root() + ": " + CryptoLayout.MANIFEST
                                + " does not parse: " + e.getMessage(),
                        e);
            }
        }

        private static String text(Map<?, ?> map, String key) {
            if (!(map.get(key) instanceof String value) || value.isBlank()) {
                throw new IllegalArgumentException("'" + key + "' is missing");
            }
            return value;
        }
    }
}
