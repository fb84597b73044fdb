package io.fapiao.ledger.consortium;

import com.google.protobuf.ByteString;
import io.fapiao.ledger.msp.IdentityRejected;
import io.fapiao.ledger.msp.InvalidMspFolder;
import io.fapiao.ledger.msp.JdkKeys;
import io.fapiao.ledger.msp.Member;
import io.fapiao.ledger.msp.MspMembership;
import io.fapiao.ledger.msp.OrganisationMsp;
import io.fapiao.ledger.msp.SigningIdentity;
import io.fapiao.protocol.ProtocolException;
import io.fapiao.protocol.crypto.CertificateAuthority;
import io.fapiao.protocol.crypto.Identity;
import io.fapiao.protocol.crypto.Pem;
import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The organisations a ledger node trusts and the node's own identities, kept as Fabric MSP folders.
 * On the first start of a node the folder is empty and {@link #openOrCreate} generates the
 * development consortium (HospitalOrg, FinanceOrg, IssuerOrg, AuditorOrg; see
 * {@code docs/consortium.md}); afterwards it only reads it. Instances never change: {@link #revoke}
 * returns a new one.
 *
 * <pre>{@code
 * Consortium consortium = Consortium.openOrCreate(dataDir.resolve("crypto"));
 * Member creator = consortium.membership().validate(signatureHeader.getCreator(), Instant.now());
 * byte[] endorsement = consortium.peer().sign(proposalResponseBytes);
 * Path hospitalMsp = consortium.userDirectory("HospitalOrgMSP", "hospital1");
 * consortium = consortium.revoke("HospitalOrgMSP", "hospital1");
 * }</pre>
 */
public final class Consortium {

    private static final String GENERATING = ".generating-";

    private final CryptoLayout layout;
    private final List<Organisation> organisations;
    private final MspMembership membership;
    private final SigningIdentity peer;
    private final SigningIdentity orderer;
    private final NodeTls tls;

    private Consortium(CryptoLayout layout, List<Organisation> organisations, MspMembership membership,
            SigningIdentity peer, SigningIdentity orderer, NodeTls tls) {
        this.layout = layout;
        this.organisations = organisations;
        this.membership = membership;
        this.peer = peer;
        this.orderer = orderer;
        this.tls = tls;
    }

    /**
     * Loads the consortium in {@code cryptoDir}, first generating the development consortium there if
     * the folder is missing or empty. Generation happens in a sibling folder that is renamed into
     * place when complete, so a crash never leaves a half-written consortium behind.
     */
    public static Consortium openOrCreate(Path cryptoDir) throws ConsortiumUnavailable {
        Path root = cryptoDir.toAbsolutePath().normalize();
        if (isMissingOrEmpty(root)) {
            generate(root, DevelopmentConsortium.organisations());
        }
        return load(root);
    }

    /**
     * Generates, in {@code cryptoDir} (missing or empty), the development consortium shaped for a
     * Fabric network: each organisation with a {@code peer0} and an {@code orderer0} of its own besides
     * its users (network/fabric.sh; docs/network.md). A folder that is not empty is refused.
     */
    public static Consortium createForNetwork(Path cryptoDir) throws ConsortiumUnavailable {
        Path root = cryptoDir.toAbsolutePath().normalize();
        if (!isMissingOrEmpty(root)) {
            throw new ConsortiumUnavailable("cannot generate a consortium in " + root + ": the folder is not empty");
        }
        generate(root, DevelopmentConsortium.networkOrganisations());
        return load(root);
    }

    /**
     * Adds an organisation to this consortium's folder, as a hospital joining a running network does
     * (network/fabric.sh add-org; docs/network.md): its CAs and identities are generated in a staging
     * folder that is renamed into place, then {@code consortium.yaml} is replaced to list it. Returns
     * the consortium read again. An organisation whose MSP ID or domain is taken is refused.
     */
    public Consortium addOrganisation(Organisation organisation) throws ConsortiumUnavailable {
        for (Organisation existing : organisations) {
            if (existing.mspId().equals(organisation.mspId()) || existing.domain().equals(organisation.domain())) {
                throw new ConsortiumUnavailable("the consortium at " + layout.root() + " already has "
                        + existing.mspId() + " (" + existing.domain() + ")");
            }
        }
        Path staging = layout.root().resolve(".adding-" + UUID.randomUUID());
        try {
            new ConsortiumGenesis(staging, hostNames(), Instant.now()).writeOrganisation(organisation);
            Path target = layout.organisation(organisation);
            Files.createDirectories(target.getParent());
            Files.move(new CryptoLayout(staging).organisation(organisation), target, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            List<Organisation> all = new ArrayList<>(organisations);
            all.add(organisation);
            MaterialFiles.replace(layout.manifest(), ConsortiumGenesis.manifest(all));
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // A later attempt uses a new staging folder.
            }
            throw new ConsortiumUnavailable("cannot add " + organisation.mspId() + " to " + layout.root() + ": "
                    + e.getMessage(), e);
        }
        return load(layout.root());
    }

    /** Loads a consortium folder that already exists. */
    public static Consortium load(Path cryptoDir) throws ConsortiumUnavailable {
        CryptoLayout layout = new CryptoLayout(cryptoDir.toAbsolutePath().normalize());
        Manifest manifest = Manifest.read(layout);
        List<Organisation> organisations = new ArrayList<>();
        Map<String, Path> mspFolders = new LinkedHashMap<>();
        for (Manifest.Entry entry : manifest.organisations()) {
            Organisation shell = new Organisation(entry.name(), entry.mspId(), entry.domain(), List.of());
            organisations.add(new Organisation(entry.name(), entry.mspId(), entry.domain(),
                    enrolmentsOnDisk(layout, shell)));
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
        NodeTls tls = new NodeTls(layout.tlsCertificate(nodeOrg, peerEnrolment), layout.tlsKey(nodeOrg, peerEnrolment),
                layout.tlsRoot(nodeOrg, peerEnrolment));
        return new Consortium(layout, partial.organisations, membership, peer, orderer, tls);
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
        return new NodeTls(layout.tlsCertificate(org, enrolment), layout.tlsKey(org, enrolment),
                layout.tlsRoot(org, enrolment));
    }

    /** The organisation's CA, with its key: to issue further identities (tests, a new user). */
    public CertificateAuthority certificateAuthority(String mspId) throws ConsortiumUnavailable {
        Organisation org = organisation(mspId);
        try {
            X509Certificate certificate = Pem.certificate(Files.readString(layout.caCertificate(org)));
            return CertificateAuthority.of(new Identity(certificate, JdkKeys.ecPrivateKey(
                    Pem.privateKey(Files.readString(layout.caFolder(org).resolve(CryptoLayout.KEY_FILE))))));
        } catch (IOException | ProtocolException e) {
            throw new ConsortiumUnavailable("cannot read the CA of " + mspId + " in " + layout.caFolder(org)
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds {@code userName}'s certificate to its organisation's revocation list ({@code msp/crls/crl.pem},
     * signed by the organisation's CA) and returns the consortium read again, whose membership rejects
     * the certificate as {@link IdentityRejected.Reason#REVOKED}. Memberships obtained earlier keep
     * their view; a node must switch to the new one.
     */
    public Consortium revoke(String mspId, String userName) throws ConsortiumUnavailable {
        Organisation org = organisation(mspId);
        X509Certificate revoked = user(mspId, userName).certificate();
        Path crlFile = layout.crl(org);
        try {
            Optional<X509CRL> previous = Files.exists(crlFile)
                    ? Optional.of(RevocationList.parse(Files.readAllBytes(crlFile))) : Optional.empty();
            String crl = RevocationList.adding(previous, revoked, certificateAuthority(mspId).identity(), Instant.now());
            Files.createDirectories(crlFile.getParent());
            MaterialFiles.replace(crlFile, crl);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConsortiumUnavailable("cannot update the revocation list " + crlFile + ": " + e.getMessage(), e);
        }
        return load(layout.root());
    }

    private Organisation organisation(String mspId) throws ConsortiumUnavailable {
        return organisations.stream().filter(o -> o.mspId().equals(mspId)).findFirst()
                .orElseThrow(() -> new ConsortiumUnavailable("the consortium at " + layout.root()
                        + " has no organisation with MSP ID " + mspId));
    }

    private Enrolment enrolment(Organisation org, String userName) throws ConsortiumUnavailable {
        return org.enrolments().stream().filter(e -> e.name().equals(userName)).findFirst()
                .orElseThrow(() -> new ConsortiumUnavailable("organisation " + org.mspId() + " has no identity "
                        + userName + " under " + layout.organisation(org)));
    }

    private SigningIdentity signingIdentity(Organisation org, Enrolment enrolment) throws ConsortiumUnavailable {
        Path certificate = layout.signCertificate(org, enrolment);
        Path key = layout.signKey(org, enrolment);
        try {
            return new SigningIdentity(org.mspId(), Pem.certificate(Files.readString(certificate)),
                    Pem.privateKey(Files.readString(key)));
        } catch (IOException | ProtocolException e) {
            throw new ConsortiumUnavailable("cannot read the identity " + enrolment.name() + " of " + org.mspId()
                    + " (" + certificate + ", " + key + "): " + e.getMessage(), e);
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
            throw new ConsortiumUnavailable("the node's " + enrolment.nodeOu() + " identity "
                    + layout.signCertificate(org, enrolment) + " is not valid: " + e.getMessage()
                    + "; see docs/consortium.md on rotating identities", e);
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

    private static boolean isMissingOrEmpty(Path root) throws ConsortiumUnavailable {
        if (!Files.exists(root)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new ConsortiumUnavailable("cannot read the consortium folder " + root + ": " + e.getMessage(), e);
        }
    }

    private static void generate(Path root, List<Organisation> organisations) throws ConsortiumUnavailable {
        Path parent = root.getParent();
        String prefix = "." + root.getFileName() + GENERATING;
        Path staging = parent.resolve(prefix + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            removeAbandoned(parent, prefix);
            Files.createDirectory(staging);
            new ConsortiumGenesis(staging, hostNames(), Instant.now()).write(organisations);
            MaterialFiles.forceDirectory(staging);
            try {
                // rename(2) also replaces an empty directory, so an empty cryptoDir is swapped in one step.
                Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
                // Another process generated it first; its consortium wins and ours is discarded.
                deleteTree(staging);
            }
            MaterialFiles.forceDirectory(parent);
        } catch (IOException | RuntimeException e) {
            try {
                deleteTree(staging);
            } catch (IOException ignored) {
                // The next start removes it.
            }
            throw new ConsortiumUnavailable("cannot generate the development consortium in " + root + ": "
                    + e.getMessage(), e);
        }
    }

    /** Staging folders of generations a crash interrupted. */
    private static void removeAbandoned(Path parent, String prefix) throws IOException {
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path entry : entries.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                deleteTree(entry);
            }
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(folder)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    /** This machine's names, so clients on the LAN can also reach the node by name. */
    private static List<String> hostNames() {
        List<String> names = new ArrayList<>();
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank()) {
                names.add(host);
            }
        } catch (IOException | SecurityException e) {
            // No resolvable host name: localhost and 127.0.0.1 still work.
        }
        return names;
    }

    @Override
    public String toString() {
        return "Consortium[" + layout.root() + ", " + organisations.stream().map(Organisation::mspId).toList() + "]";
    }

    /** {@code consortium.yaml}: which organisation folder has which MSP ID, and who the node is. */
    private record Manifest(String nodeMspId, String peer, String orderer, List<Entry> organisations) {

        record Entry(String name, String mspId, String domain) {
        }

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
                return new Manifest(text(node, "mspId"), text(node, "peer"), text(node, "orderer"), List.copyOf(entries));
            } catch (IOException | RuntimeException e) {
                throw new ConsortiumUnavailable("cannot load consortium at " + layout.root() + ": "
                        + CryptoLayout.MANIFEST + " does not parse: " + e.getMessage(), e);
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
